package dev.candor.forge;

import dev.candor.telemetry.Telemetry;
import dev.candor.telemetry.picocli.CandorPicocli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code forge}: a small build tool, instrumented with Candor as a tool author would do it. */
@Command(
        name = "forge",
        mixinStandardHelpOptions = true,
        versionProvider = Forge.Version.class,
        description = "A small build tool: create, build, run, test, pack and publish projects.",
        subcommands = {
            NewCommand.class,
            BuildCommand.class,
            RunCommand.class,
            TestCommand.class,
            PackCommand.class,
            PublishCommand.class,
            AutoTrainCommand.class
        })
public final class Forge implements Runnable {
    static final String VERSION = "1.0.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine(ForgeTelemetry.create(System.getenv(), args)).execute(args));
    }

    /** The whole tool, wired to a telemetry instance (tests pass one built on a private environment). */
    public static CommandLine commandLine(Telemetry telemetry) {
        CommandLine cl = new CommandLine(new Forge(), new Factory(telemetry));
        return CandorPicocli.install(cl, telemetry);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"forge " + VERSION};
        }
    }

    /** Gives commands the telemetry instance, so they can record their own declared events. */
    private static final class Factory implements CommandLine.IFactory {
        private final Telemetry telemetry;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(Telemetry telemetry) {
            this.telemetry = telemetry;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (java.lang.reflect.Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Telemetry.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(telemetry));
                }
            }
            return fallback.create(cls);
        }
    }
}
