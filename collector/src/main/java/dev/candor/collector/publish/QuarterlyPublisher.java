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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a tool's quarter of {@code cli.command} usage from the daily aggregate as a published TSV
 * file, with no row describing fewer than k distinct machines (see {@link Generalizer} and {@link Hierarchy}). Machine ids
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
        return publish(tool, quarter, k, Period.DAY, outDir, progress);
    }

    /**
     * Publishes {@code tool}'s {@code quarter} with a row per {@code period} and combination, and the data
     * dictionary beside it ({@link DataDictionary}).
     */
    public PublishReport publish(String tool, Quarter quarter, int k, Period period, Path outDir, Progress progress)
            throws StoreException, IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        source.catchUp(quarter);
        progress.report("reading the quarter's combinations and their machines", 0, 4);
        // Per period and combination: what the quarter's (day, combination) rows add up to.
        Map<LocalDate, Map<List<String>, Combination>> byPeriod = new TreeMap<>();
        int[] detailed = {0};
        source.read(
                tool,
                quarter,
                k,
                r -> {
                    String[] dims = {
                        r.command(), r.geography(), r.osFamily(), r.runtimeId(), r.osVersion(), r.sdkVersion()
                    };
                    Combination c = combination(byPeriod, period.start(r.day(), quarter), dims);
                    c.occurrences += r.occurrences();
                    c.large = true; // at least k machines on one of its days: at least k in the period
                    c.detailedRows++;
                    detailed[0]++;
                },
                (day, dims, machine, occurrences) -> {
                    Combination c = combination(byPeriod, period.start(day, quarter), dims);
                    c.occurrences += occurrences;
                    if (machine != null) {
                        c.machines.add(machine);
                    }
                    if (c.smallDays.add(day)) {
                        c.detailedRows++;
                        detailed[0]++;
                    }
                });
        List<UsageRow> rows = new ArrayList<>();
        Utility utility = new Utility();
        int[] allExact = new int[Hierarchy.COLUMNS.length];
        long published = 0;
        int generalized = 0;
        int merged = 0;
        int suppressed = 0;
        long leftOut = 0;
        int periods = 0;
        for (Map.Entry<LocalDate, Map<List<String>, Combination>> p : byPeriod.entrySet()) {
            List<Generalizer.Group> small = new ArrayList<>();
            for (Combination c : p.getValue().values()) {
                if (c.large || c.machines.size() >= k) {
                    UsageRow row = new UsageRow(
                            p.getKey(),
                            c.dims[0],
                            c.dims[1],
                            c.dims[2],
                            c.dims[3],
                            c.dims[4],
                            c.dims[5],
                            c.occurrences);
                    rows.add(row);
                    utility.add(row, allExact);
                    published += c.occurrences;
                } else {
                    small.add(new Generalizer.Group(c.dims, c.occurrences, c.machines, c.detailedRows));
                }
            }
            Generalizer.Outcome o = Generalizer.generalize(p.getKey(), small, k);
            for (Generalizer.Published g : o.rows()) {
                rows.add(g.row());
                utility.add(g.row(), g.levels());
                published += g.row().occurrences();
                generalized++;
            }
            merged += o.mergedRows();
            suppressed += o.suppressedRows();
            leftOut += o.suppressedOccurrences();
            progress.report("generalizing " + period.setting() + " " + p.getKey(), ++periods, byPeriod.size());
        }
        rows.sort(UsageRow.FILE_ORDER);
        progress.report("writing", 3, 4);
        Path file = write(outDir, quarter.fileName(tool), rows);
        PublishReport report = new PublishReport(
                file,
                rows.size(),
                generalized,
                detailed[0],
                merged,
                suppressed,
                published,
                leftOut,
                k,
                period,
                utility);
        DataDictionary.write(report, tool, quarter);
        progress.report("done", 4, 4);
        return report;
    }

    private static Combination combination(
            Map<LocalDate, Map<List<String>, Combination>> byPeriod, LocalDate start, String[] dims) {
        return byPeriod.computeIfAbsent(start, d -> new HashMap<>())
                .computeIfAbsent(List.of(dims), x -> new Combination(dims));
    }

    /** A combination's period: its occurrences, and (when small on every day) the machines behind it. */
    private static final class Combination {
        final String[] dims;
        long occurrences;
        boolean large;
        final Set<String> machines = new HashSet<>();
        final Set<LocalDate> smallDays = new HashSet<>(2);
        int detailedRows;

        Combination(String[] dims) {
            this.dims = dims;
        }
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
