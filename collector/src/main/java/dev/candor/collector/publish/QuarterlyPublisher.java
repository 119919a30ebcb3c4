package dev.candor.collector.publish;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

        Progress NONE = (phase, done, total) -> { };
    }

    private static final String DIMS = "day, command, geography, os_family, runtime_id, os_version, tool_version";
    private static final String PER_MACHINE = "SELECT " + DIMS + ", machine_id, sum(occurrences) AS occ FROM daily_usage"
            + " WHERE tool = ? AND event_name = 'cli.command' AND day BETWEEN ? AND ? GROUP BY ALL";
    private static final String LARGE = "SELECT " + DIMS + ", sum(occ)::BIGINT, count(machine_id) FROM (" + PER_MACHINE
            + ") GROUP BY ALL HAVING count(machine_id) >= ?";
    // One row per machine after PER_MACHINE, so count(machine_id) is the number of distinct machines.
    private static final String SMALL = "SELECT " + DIMS + ", machine_id, occ::BIGINT FROM (SELECT *, count(machine_id) OVER"
            + " (PARTITION BY " + DIMS + ") AS machines FROM (" + PER_MACHINE + ")) WHERE machines < ?";

    private final Connection connection;

    public QuarterlyPublisher(Connection connection) {
        this.connection = connection;
    }

    public PublishReport publish(String tool, Quarter quarter, int k, Path outDir, Progress progress)
            throws SQLException, IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        List<UsageRow> rows = new ArrayList<>();
        int detailed = 0;
        progress.report("reading rows with at least k machines", 0, 3);
        try (PreparedStatement ps = connection.prepareStatement(LARGE)) {
            bind(ps, tool, quarter).setInt(4, k);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UsageRow(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8)));
                    detailed++;
                }
            }
        }
        long published = 0;
        for (UsageRow r : rows) {
            published += r.occurrences();
        }
        progress.report("reading rows with fewer than k machines", 1, 3);
        Map<LocalDate, Map<List<String>, Generalizer.Group>> small = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement(SMALL)) {
            bind(ps, tool, quarter).setInt(4, k);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] dims = {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7)};
                    Generalizer.Group g = small.computeIfAbsent(rs.getObject(1, LocalDate.class), d -> new LinkedHashMap<>())
                            .computeIfAbsent(List.of(dims), x -> new Generalizer.Group(dims, 0, new HashSet<>(), 1));
                    g.occurrences += rs.getLong(9);
                    String machine = rs.getString(8);
                    if (machine != null) {
                        g.machines.add(machine);
                    }
                }
            }
        }
        int generalized = 0;
        int merged = 0;
        int suppressed = 0;
        long leftOut = 0;
        int days = 0;
        for (Map.Entry<LocalDate, Map<List<String>, Generalizer.Group>> day : small.entrySet()) {
            detailed += day.getValue().size();
            Generalizer.Outcome o = Generalizer.generalize(day.getKey(), new ArrayList<>(day.getValue().values()), k);
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
        progress.report("writing", 2, 3);
        Path file = write(outDir, quarter.fileName(tool), rows);
        progress.report("done", 3, 3);
        return new PublishReport(file, rows.size(), generalized, detailed, merged, suppressed, published, leftOut, k);
    }

    private static PreparedStatement bind(PreparedStatement ps, String tool, Quarter quarter) throws SQLException {
        ps.setString(1, tool);
        ps.setObject(2, quarter.firstDay());
        ps.setObject(3, quarter.lastDay());
        return ps;
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
