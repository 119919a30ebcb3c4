package dev.candor.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Three rules of the collector's layout, checked on the compiled classes (whose constant pools name
 * every class they use): its packages form no cycle, so each can be read, tested and replaced from the
 * bottom up; and it shares code with the SDK through the SDK's public API and candor-common, never
 * through the SDK's internals, which are free to change with the client; and one class chooses between
 * the two stores, so that no other code switches on which one is configured.
 */
class ArchitectureTest {
    private static final String SDK_INTERNAL = "dev/candor/telemetry/internal/";

    private static final Pattern COLLECTOR_CLASS = Pattern.compile("dev/candor/collector/((?:[a-z0-9_]+/)*)[A-Z]");

    private static Path classes() throws Exception {
        Path classes = Path.of(
                Candor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes)
                .as("the collector's compiled classes, a folder under target/")
                .isDirectory();
        return classes;
    }

    @Test
    void theCollectorsPackagesFormNoCycle() throws Exception {
        Path classes = classes();
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String from = packageOf(classes.relativize(f).toString().replace('\\', '/'));
                Matcher m = COLLECTOR_CLASS.matcher(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                while (m.find()) {
                    String p = "dev/candor/collector/" + m.group(1);
                    if (!p.equals(from)) {
                        to.add(p);
                    }
                }
            }
        }
        assertThat(uses).as("packages found").hasSizeGreaterThan(10).containsKey("dev/candor/collector/store/");
        assertThat(uses.get("dev/candor/collector/ingest/"))
                .as("what ingest uses")
                .contains("dev/candor/collector/store/");
        assertThat(cycles(uses))
                .as("package cycles (each set uses itself through its members)")
                .isEmpty();
    }

    @Test
    void theCycleCheckFindsACycle() {
        Map<String, Set<String>> uses =
                Map.of("a/", Set.of("b/"), "b/", Set.of("c/", "d/"), "c/", Set.of("a/"), "d/", Set.of());
        assertThat(cycles(uses)).containsExactly(new TreeSet<>(List.of("a/", "b/", "c/")));
    }

    /** {@code dev/candor/collector/store/} for {@code dev/candor/collector/store/EventSink.class}. */
    private static String packageOf(String classFile) {
        return classFile.substring(0, classFile.lastIndexOf('/') + 1);
    }

    /** The strongly connected components with more than one package (Tarjan's algorithm). */
    static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : new TreeSet<>(uses.keySet())) {
            if (!index.containsKey(v)) {
                connect(v, uses, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(
            String v,
            Map<String, Set<String>> uses,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, uses, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    @Test
    void oneClassChoosesTheStoreAndNoOtherNamesBoth() throws Exception {
        Path classes = classes();
        List<String> both;
        try (Stream<Path> files = Files.walk(classes)) {
            both = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getParent().endsWith(Path.of("store", "duckdb"))
                            && !p.getParent().endsWith(Path.of("store", "clickhouse")))
                    .filter(p -> names(p, "dev/candor/collector/store/duckdb/")
                            && names(p, "dev/candor/collector/store/clickhouse/"))
                    .map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
        assertThat(both)
                .as("classes outside the stores' packages that use both the embedded store and ClickHouse")
                .containsExactly("dev/candor/collector/server/Backends.class");
    }

    private static boolean names(Path classFile, String prefix) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theCollectorUsesNoClassOfTheSdksInternals() throws Exception {
        Path classes = classes();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(ArchitectureTest::namesSdkInternals)
                    .map(p -> classes.relativize(p).toString())
                    .toList();
        }
        assertThat(offenders).as("classes that use " + SDK_INTERNAL + "*").isEmpty();
    }

    @Test
    void theCheckSeesAClassThatDoes() throws Exception {
        // The SDK's own engine uses its internals: the same check must find them there.
        Path sdk = Path.of(dev.candor.telemetry.TelemetryRun.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        byte[] run;
        if (Files.isDirectory(sdk)) {
            run = Files.readAllBytes(sdk.resolve("dev/candor/telemetry/TelemetryRun.class"));
        } else {
            try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(sdk.toFile())) {
                run = jar.getInputStream(jar.getEntry("dev/candor/telemetry/TelemetryRun.class"))
                        .readAllBytes();
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
