package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.deleteTree;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

/** A private copy of forge.jar and lib/, so a rebuild in the repository during the run changes nothing. */
record ForgeBinary(Path source, Path jar, long bytes, String sha256, String modified, String libs) {
    static ForgeBinary copy(Path sourceJar, Path into) throws IOException {
        if (!Files.isRegularFile(sourceJar)) {
            throw new IOException(sourceJar + " not found: build forge first (bin/forge --version)");
        }
        try {
            return copyOnce(sourceJar, into);
        } catch (IOException e) {
            // The script builds forge first; a jar that changes under the copy means a build is running.
            throw new IOException(
                    "could not copy " + sourceJar + " (" + e.getMessage()
                            + "); run again when no build of forge is running",
                    e);
        }
    }

    private static ForgeBinary copyOnce(Path sourceJar, Path into) throws IOException {
        deleteTree(into);
        Files.createDirectories(into.resolve("lib"));
        String before = stamp(sourceJar);
        Path jar = into.resolve("forge.jar");
        Files.copy(sourceJar, jar, StandardCopyOption.REPLACE_EXISTING);
        Path libs = sourceJar.toAbsolutePath().getParent().resolve("lib");
        List<String> copied = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(libs, "*.jar")) {
            for (Path lib : s) {
                Path to = into.resolve("lib").resolve(lib.getFileName());
                Files.copy(lib, to, StandardCopyOption.REPLACE_EXISTING);
                copied.add(lib.getFileName() + " " + sha256(to).substring(0, 12));
            }
        }
        Collections.sort(copied);
        if (!before.equals(stamp(sourceJar))) {
            throw new IOException("the jar changed while it was copied");
        }
        validate(into, jar);
        return new ForgeBinary(
                sourceJar,
                jar,
                Files.size(jar),
                sha256(jar),
                Files.getLastModifiedTime(sourceJar).toString(),
                String.join(", ", copied));
    }

    /** The copy must be a complete jar whose Class-Path entries were all copied and are readable zips. */
    private static void validate(Path into, Path jar) throws IOException {
        Manifest manifest;
        try (JarFile jf = new JarFile(jar.toFile())) {
            manifest = jf.getManifest();
        }
        if (manifest == null || manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS) == null) {
            throw new IOException("no Main-Class in " + jar);
        }
        String classPath = manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        for (String entry : classPath == null ? new String[0] : classPath.trim().split("\\s+")) {
            try (ZipFile z = new ZipFile(into.resolve(entry).toFile())) {
                z.size();
            }
        }
    }

    private static String stamp(Path p) throws IOException {
        return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
    }

    private static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
