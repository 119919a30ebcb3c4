package dev.candor.forge;

import dev.candor.telemetry.EventProperties;
import dev.candor.telemetry.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = "Create a project from a template: console, library or web.")
final class NewCommand extends ForgeCommand {
    private static final List<String> TEMPLATES = List.of("console", "library", "web");

    @Parameters(index = "0", description = "Template: ${COMPLETION-CANDIDATES}", completionCandidates = Templates.class)
    String template;

    @Option(
            names = {"-n", "--name"},
            description = "Project name (default: the folder's name)")
    String name;

    @Option(
            names = {"-o", "--output"},
            description = "Folder to create (default: ./<name>)")
    Path output;

    NewCommand(Telemetry telemetry) {
        super(telemetry);
    }

    @Override
    int execute() throws IOException {
        if (!TEMPLATES.contains(template)) {
            throw new ForgeException("unknown template '" + template + "'; use one of " + String.join(", ", TEMPLATES));
        }
        String projectName =
                name != null ? name : output != null ? output.getFileName().toString() : "app";
        Path dir = output != null ? output : Path.of(projectName);
        if (Files.exists(dir.resolve(Project.MARKER))) {
            throw new ForgeException("a project already exists in " + dir);
        }
        Project.create(dir, projectName, template);
        telemetry.currentRun().event("template.created", EventProperties.of(ForgeTelemetry.TEMPLATE, template));
        out().println("Created " + template + " project '" + projectName + "' in " + dir);
        return 0;
    }

    static final class Templates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return TEMPLATES.iterator();
        }
    }
}
