package dev.candor.forge;

import dev.candor.telemetry.Telemetry;
import dev.candor.telemetry.testing.TestMachine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;

/** Runs forge in-process on a test machine, with captured stdout and stderr. */
final class ForgeRun {
    static final String TOOL = "forge";

    private ForgeRun() {}

    /** forge's own telemetry declaration and budgets, on the test machine's environment and folders. */
    static Telemetry telemetry(TestMachine machine, URI endpoint, Duration exitBudget) {
        return machine.telemetry(TOOL, endpoint)
                .catalog(ForgeTelemetry.catalog())
                .ingestKey(ForgeTelemetry.INGEST_KEY)
                .exitBudget(exitBudget)
                .ciExitBudget(Duration.ofMillis(500).compareTo(exitBudget) > 0 ? Duration.ofMillis(500) : exitBudget)
                .build();
    }

    static Result run(Telemetry telemetry, String... args) {
        CommandLine cl = Forge.commandLine(telemetry);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        long started = System.nanoTime();
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - started));
    }

    record Result(int exit, String out, String err, Duration took) {}
}
