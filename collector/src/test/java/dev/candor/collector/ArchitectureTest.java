package dev.candor.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The collector shares code with the SDK through its public API and candor-common, never through the
 * SDK's internals: what the collector relies on must not be free to change with the client. Checked on
 * the compiled classes, whose constant pools name every class they use.
 */
class ArchitectureTest {
    private static final String SDK_INTERNAL = "dev/candor/telemetry/internal/";

    @Test
    void theCollectorUsesNoClassOfTheSdksInternals() throws Exception {
        Path classes = Path.of(Candor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes).as("the collector's compiled classes, a folder under target/").isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(p -> p.toString().endsWith(".class")).filter(ArchitectureTest::namesSdkInternals)
                    .map(p -> classes.relativize(p).toString()).toList();
        }
        assertThat(offenders).as("classes that use " + SDK_INTERNAL + "*").isEmpty();
    }

    @Test
    void theCheckSeesAClassThatDoes() throws Exception {
        // The SDK's own engine uses its internals: the same check must find them there.
        Path sdk = Path.of(dev.candor.telemetry.TelemetryRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        byte[] run;
        if (Files.isDirectory(sdk)) {
            run = Files.readAllBytes(sdk.resolve("dev/candor/telemetry/TelemetryRun.class"));
        } else {
            try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(sdk.toFile())) {
                run = jar.getInputStream(jar.getEntry("dev/candor/telemetry/TelemetryRun.class")).readAllBytes();
            }
        }
        assertThat(new String(run, StandardCharsets.ISO_8859_1)).contains(SDK_INTERNAL);
    }

    private static boolean namesSdkInternals(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(SDK_INTERNAL);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
