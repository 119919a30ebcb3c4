package dev.candor.collector.publish;

import dev.candor.collector.store.StoreException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tool's quarter of {@code cli.command} usage from the daily aggregate as a published TSV
 * file, with no row describing fewer than k distinct machines (see {@link Generalizer}). Machine ids
 * are read only to count them and never leave this class.
 */
public final class QuarterlyPublisher {
    /** Receives progress: a phase name and how far it is. */
    @FunctionalInterface
    public interface Progress {
        void report(String phase, long done, long total);

        Progress NONE = (phase, done, total) -> {};
    }

    private final UsageSource source;

    public QuarterlyPublisher(UsageSource source) {
        this.source = source;
    }

    public PublishReport publish(String tool, Quarter quarter, int k, Path outDir, Progress progress)
            throws StoreException, IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        source.catchUp(quarter);
        List<UsageRow> rows = new ArrayList<>();
        progress.report("reading the quarter's combinations and their machines", 0, 4);
        Map<LocalDate, Map<List<String>, Generalizer.Group>> small = new TreeMap<>();
        source.read(tool, quarter, k, rows::add, (day, dims, machine, occurrences) -> {
            Generalizer.Group g = small.computeIfAbsent(day, d -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(dims), x -> new Generalizer.Group(dims, 0, new HashSet<>(), 1));
            g.occurrences += occurrences;
            if (machine != null) {
                g.machines.add(machine);
            }
        });
        int detailed = rows.size();
        long published = 0;
        for (UsageRow r : rows) {
            published += r.occurrences();
        }
        int generalized = 0;
        int merged = 0;
        int suppressed = 0;
        long leftOut = 0;
        int days = 0;
        for (Map.Entry<LocalDate, Map<List<String>, Generalizer.Group>> day : small.entrySet()) {
            detailed += day.getValue().size();
            Generalizer.Outcome o = Generalizer.generalize(
                    day.getKey(), new ArrayList<>(day.getValue().values()), k);
            rows.addAll(o.rows());
            generalized += o.rows().size();
            merged += o.mergedRows();
            suppressed += o.suppressedRows();
            leftOut += o.suppressedOccurrences();
            for (UsageRow r : o.rows()) {
                published += r.occurrences();
            }
            progress.report("generalizing day " + day.getKey(), ++days, small.size());
        }
        rows.sort(UsageRow.FILE_ORDER);
        progress.report("writing", 3, 4);
        Path file = write(outDir, quarter.fileName(tool), rows);
        progress.report("done", 4, 4);
        return new PublishReport(file, rows.size(), generalized, detailed, merged, suppressed, published, leftOut, k);
    }

    /** Writes next to the target and renames, so a reader (GET /data/) never sees half a file. */
    private static Path write(Path outDir, String name, List<UsageRow> rows) throws IOException {
        Files.createDirectories(outDir);
        Path target = outDir.resolve(name);
        Path tmp = outDir.resolve("." + name + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(TsvFormat.HEADER);
            w.write('\n');
            for (UsageRow r : rows) {
                w.write(TsvFormat.line(r));
                w.write('\n');
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
