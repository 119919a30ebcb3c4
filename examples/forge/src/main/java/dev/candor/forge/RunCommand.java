package dev.candor.forge;

import dev.candor.telemetry.Telemetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Build and run the project.")
final class RunCommand extends ForgeCommand {
    @Option(
            names = {"-p", "--project"},
            description = "Project folder")
    Path project;

    RunCommand(Telemetry telemetry) {
        super(telemetry);
    }

    @Override
    int execute() throws IOException {
        BuildCommand builder = new BuildCommand(telemetry);
        builder.spec = spec;
        Project p = Project.locate(project);
        if (builder.build(p, "Debug").errors() > 0) {
            return 1;
        }
        Path main = p.root.resolve("src/main.fs");
        if (Files.isRegularFile(main)) {
            for (String line : Files.readAllLines(main, StandardCharsets.UTF_8)) {
                if (line.startsWith("print ")) {
                    out().println(line.substring(6));
                }
            }
        }
        return 0;
    }
}
