package dev.candor.forge;

import dev.candor.telemetry.Telemetry;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Common shape of forge's commands: user mistakes and I/O problems become one line on stderr and exit
 * code 1 (I/O problems are also reported as telemetry error events, without their message); anything
 * else is a crash, which the picocli integration records.
 */
abstract class ForgeCommand implements Callable<Integer> {
    final Telemetry telemetry;

    @Spec
    CommandSpec spec;

    ForgeCommand(Telemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ForgeException e) {
            err().println("forge: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            telemetry.currentRun().error(e, spec.name());
            err().println("forge: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    abstract int execute() throws IOException;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
