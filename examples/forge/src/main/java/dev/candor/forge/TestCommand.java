package dev.candor.forge;

import dev.candor.telemetry.EventProperties;
import dev.candor.telemetry.Telemetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "test", mixinStandardHelpOptions = true, description = "Run the project's tests (tests/*.ft).")
final class TestCommand extends ForgeCommand {
    @Option(
            names = {"-p", "--project"},
            description = "Project folder")
    Path project;

    @Option(names = "--filter", description = "Run only test files whose name contains this text")
    String filter;

    TestCommand(Telemetry telemetry) {
        super(telemetry);
    }

    @Override
    int execute() throws IOException {
        int passed = 0;
        int failed = 0;
        for (Path file : Project.locate(project).tests()) {
            if (filter != null && !file.getFileName().toString().contains(filter)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.startsWith("expect ")) {
                    continue;
                }
                String[] sides = line.substring(7).split("=", 2);
                if (sides.length == 2 && sides[0].trim().equals(sides[1].trim())) {
                    passed++;
                } else {
                    failed++;
                    err().println("FAILED " + file.getFileName() + ": " + line);
                }
            }
        }
        telemetry
                .currentRun()
                .event(
                        "tests.completed",
                        EventProperties.of(
                                ForgeTelemetry.RUNNER,
                                "forge-test",
                                ForgeTelemetry.PASSED,
                                (long) passed,
                                ForgeTelemetry.FAILED,
                                (long) failed));
        out().println("Test run finished: " + passed + " tests passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
