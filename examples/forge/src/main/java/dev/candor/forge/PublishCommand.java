package dev.candor.forge;

import dev.candor.telemetry.Telemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = "Pack the project and publish the package to a feed folder.")
final class PublishCommand extends ForgeCommand {
    @Option(
            names = {"-p", "--project"},
            description = "Project folder")
    Path project;

    @Option(
            names = {"-s", "--source"},
            description = "Feed folder (default: <temp>/forge-feed)")
    Path source;

    @Option(names = "--api-key", required = true, description = "Feed API key (never recorded by telemetry)")
    String apiKey;

    PublishCommand(Telemetry telemetry) {
        super(telemetry);
    }

    @Override
    int execute() throws IOException {
        if (apiKey.isBlank()) {
            throw new ForgeException("--api-key must not be empty");
        }
        Project p = Project.locate(project);
        BuildCommand builder = new BuildCommand(telemetry);
        builder.spec = spec;
        if (builder.build(p, "Release").errors() > 0) {
            return 1;
        }
        Path pack = PackCommand.pack(p, "Release", null);
        Path feed = source != null ? source : Path.of(System.getProperty("java.io.tmpdir"), "forge-feed");
        Files.createDirectories(feed);
        Path published = Files.copy(pack, feed.resolve(pack.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        out().println("Published " + published.getFileName() + " to the feed");
        return 0;
    }
}
