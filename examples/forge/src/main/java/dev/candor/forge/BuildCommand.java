package dev.candor.forge;

import dev.candor.telemetry.Telemetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "build", mixinStandardHelpOptions = true, description = "Build the project.")
final class BuildCommand extends ForgeCommand {
    enum Configuration {
        Debug,
        Release
    }

    @Option(
            names = {"-c", "--configuration"},
            defaultValue = "Debug",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Configuration configuration;

    @Option(
            names = {"-p", "--project"},
            description = "Project folder (default: the current folder, else a sample project)")
    Path project;

    BuildCommand(Telemetry telemetry) {
        super(telemetry);
    }

    @Override
    int execute() throws IOException {
        Result r = build(Project.locate(project), configuration.name());
        if (r.errors > 0) {
            return 1;
        }
        out().println("Build succeeded: " + r.files + " source files, " + r.lines + " lines -> "
                + r.project.root.relativize(r.artifact));
        return 0;
    }

    /** Compiles every source: checks directives, digests the content, writes one artifact. */
    Result build(Project p, String config) throws IOException {
        List<Path> sources = p.sources();
        MessageDigest digest = sha256();
        int lines = 0;
        int errors = 0;
        for (Path source : sources) {
            List<String> content = Files.readAllLines(source, StandardCharsets.UTF_8);
            for (int i = 0; i < content.size(); i++) {
                String line = content.get(i);
                if (line.startsWith("#error")) {
                    err().println(p.root.relativize(source) + ":" + (i + 1) + ": error: "
                            + line.substring(6).trim());
                    errors++;
                } else if (line.startsWith("#crash")) {
                    // A deliberate bug, so the crash path can be seen end to end. The message holds the
                    // absolute path; telemetry must not send it.
                    throw new IllegalStateException("compiler crashed on " + source.toAbsolutePath());
                }
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
            lines += content.size();
        }
        Path out = p.output(config);
        Files.createDirectories(out);
        Path artifact = out.resolve(p.name + ".out");
        Files.writeString(
                artifact, "forge-artifact " + config + " " + HexFormat.of().formatHex(digest.digest()) + "\n");
        return new Result(p, sources.size(), lines, errors, artifact);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(Project project, int files, int lines, int errors, Path artifact) {}
}
