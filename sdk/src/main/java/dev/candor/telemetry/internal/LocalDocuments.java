package dev.candor.telemetry.internal;

import dev.candor.common.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Local-only mode, as Xtraq decided: each run writes scoped JSON documents in the state folder
 * ({@code cli-command-*.json} per command, {@code run-summary-*.json} per run) and nothing is ever
 * transmitted. The same scrubbing and hashing apply before anything touches the disk; the folder keeps
 * at most {@code maxDocuments}, oldest removed first.
 */
public final class LocalDocuments {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);
    private final Path dir;
    private final int maxDocuments;

    public LocalDocuments(Path stateDir, int maxDocuments) {
        this.dir = stateDir;
        this.maxDocuments = maxDocuments;
    }

    public void write(Map<String, Object> resource, List<RecordedEvent> events, Instant started, Instant ended)
            throws IOException {
        String stamp = STAMP.format(ended) + "-"
                + Integer.toHexString(0x10000 | ThreadLocalRandom.current().nextInt(0x10000))
                        .substring(1);
        for (RecordedEvent e : events) {
            if (e.name().equals(dev.candor.telemetry.EventCatalog.COMMAND_EVENT)) {
                JsonWriter w = new JsonWriter();
                EventJson.write(w, e, resource);
                AtomicFiles.write(
                        dir.resolve("cli-command-" + stamp + ".json"),
                        w.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        JsonWriter w = new JsonWriter();
        w.beginObject().field("schema", "candor.run-summary.v1");
        w.field("startedAt", started.toString()).field("endedAt", ended.toString());
        w.name("resource");
        EventJson.map(w, resource);
        w.name("events").beginArray();
        for (RecordedEvent e : events) {
            EventJson.write(w, e, Map.of());
        }
        w.endArray().endObject();
        AtomicFiles.write(
                dir.resolve("run-summary-" + stamp + ".json"), w.toString().getBytes(StandardCharsets.UTF_8));
        prune();
    }

    /** The documents, oldest first. */
    public List<Path> documents() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "{cli-command-,run-summary-}*.json")) {
            s.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        out.sort((a, b) -> stampOf(a).compareTo(stampOf(b)));
        return out;
    }

    public void clear() throws IOException {
        for (Path p : documents()) {
            Files.deleteIfExists(p);
        }
    }

    private void prune() throws IOException {
        List<Path> docs = documents();
        for (int i = 0; i < docs.size() - maxDocuments; i++) {
            Files.deleteIfExists(docs.get(i));
        }
    }

    private static String stampOf(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith("cli-command-")
                ? n.substring("cli-command-".length())
                : n.substring("run-summary-".length());
    }
}
