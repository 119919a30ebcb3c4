package dev.candor.forge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A forge project: a folder with {@code forge.project}, sources in {@code src/*.fs} and tests in
 * {@code tests/*.ft}. Without {@code --project}, the current folder if it is a project, else a sample
 * project in the temp folder, so {@code forge build} works anywhere.
 */
final class Project {
    static final String MARKER = "forge.project";
    final Path root;
    final String name;

    private Project(Path root, String name) {
        this.root = root;
        this.name = name;
    }

    static Project locate(Path option) throws IOException {
        if (option != null) {
            if (!Files.isRegularFile(option.resolve(MARKER))) {
                throw new ForgeException("not a forge project (no " + MARKER + "): " + option);
            }
            return open(option);
        }
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(cwd.resolve(MARKER))) {
            return open(cwd);
        }
        Path sample = Path.of(System.getProperty("java.io.tmpdir"), "forge-sample");
        if (!Files.isRegularFile(sample.resolve(MARKER))) {
            create(sample, "sample", "console");
        }
        return open(sample);
    }

    private static Project open(Path root) throws IOException {
        String name = "app";
        for (String line : Files.readAllLines(root.resolve(MARKER), StandardCharsets.UTF_8)) {
            if (line.startsWith("name=")) {
                name = line.substring(5).trim().replaceAll("[^A-Za-z0-9_.-]", "_");
            }
        }
        return new Project(root, name.isEmpty() ? "app" : name);
    }

    static Project create(Path root, String name, String template) throws IOException {
        Files.createDirectories(root.resolve("src"));
        Files.createDirectories(root.resolve("tests"));
        Files.writeString(root.resolve(MARKER), "name=" + name + "\ntemplate=" + template + "\n");
        Files.writeString(root.resolve("src/main.fs"), "print Hello from " + name + "!\nprint Built with forge.\n");
        for (int i = 1; i <= 6; i++) {
            StringBuilder module = new StringBuilder();
            for (int j = 0; j < 200; j++) {
                module.append("let value").append(j).append(" = ").append(i * j).append('\n');
            }
            Files.writeString(root.resolve("src/module" + i + ".fs"), module);
        }
        Files.writeString(root.resolve("tests/basic.ft"), "expect 2 = 2\nexpect hello = hello\nexpect 4 = 4\n");
        return open(root);
    }

    List<Path> sources() throws IOException {
        return list(root.resolve("src"), ".fs");
    }

    List<Path> tests() throws IOException {
        return list(root.resolve("tests"), ".ft");
    }

    Path output(String configuration) {
        return root.resolve("build").resolve(configuration);
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(out::add);
            return out;
        }
    }
}
