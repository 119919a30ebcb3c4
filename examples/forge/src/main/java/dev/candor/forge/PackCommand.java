package dev.candor.forge;

import dev.candor.telemetry.Telemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pack", mixinStandardHelpOptions = true, description = "Package the build output as a .fpkg file.")
final class PackCommand extends ForgeCommand {
    @Option(
            names = {"-p", "--project"},
            description = "Project folder")
    Path project;

    @Option(
            names = {"-c", "--configuration"},
            defaultValue = "Release",
            description = "Build configuration to pack (default: ${DEFAULT-VALUE})")
    BuildCommand.Configuration configuration;

    @Option(names = "--version-suffix", description = "Suffix for the package version, such as beta1")
    String versionSuffix;

    PackCommand(Telemetry telemetry) {
        super(telemetry);
    }

    @Override
    int execute() throws IOException {
        Project p = Project.locate(project);
        BuildCommand builder = new BuildCommand(telemetry);
        builder.spec = spec;
        if (builder.build(p, configuration.name()).errors() > 0) {
            return 1;
        }
        Path pack = pack(p, configuration.name(), versionSuffix);
        out().println("Packed " + p.root.relativize(pack));
        return 0;
    }

    static Path pack(Project p, String configuration, String suffix) throws IOException {
        if (suffix != null && !suffix.matches("[A-Za-z0-9.]{1,20}")) {
            throw new ForgeException("--version-suffix may hold only letters, digits and dots");
        }
        Path dir = p.root.resolve("pack");
        Files.createDirectories(dir);
        Path target = dir.resolve(p.name + "-1.0.0" + (suffix != null ? "-" + suffix : "") + ".fpkg");
        Path output = p.output(configuration);
        try (OutputStream os = Files.newOutputStream(target);
                ZipOutputStream zip = new ZipOutputStream(os);
                Stream<Path> files = Files.walk(output)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new ZipEntry(output.relativize(f).toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return target;
    }
}
