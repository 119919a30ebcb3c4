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
    private static final String QUARTER = " FROM daily_usage WHERE tool = ? AND event_name = 'cli.command' AND day BETWEEN ? AND ?";
    // One pass over the aggregate: every group with its exact count of distinct machines.
    private static final String GROUPS = "CREATE OR REPLACE TEMP TABLE publish_groups AS SELECT " + DIMS
            + ", sum(occurrences)::BIGINT AS occ, count(DISTINCT machine_id) AS machines" + QUARTER + " GROUP BY ALL";
    private static final String LARGE = "SELECT " + DIMS + ", occ FROM publish_groups WHERE machines >= ?";
    private static final String SMALL_COUNT = "SELECT count(*) FROM publish_groups WHERE machines < ?";
    // The machines behind the small groups only, for generalization.
    private static final String SMALL = "SELECT " + DIMS + ", machine_id, sum(occurrences)::BIGINT FROM daily_usage"
            + " JOIN (SELECT " + DIMS + " FROM publish_groups WHERE machines < ?) USING (" + DIMS + ")"
            + " WHERE tool = ? AND event_name = 'cli.command' AND day BETWEEN ? AND ? GROUP BY ALL";

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
        progress.report("counting distinct machines per row", 0, 4);
        try (PreparedStatement ps = connection.prepareStatement(GROUPS)) {
            bind(ps, 1, tool, quarter);
            ps.execute();
        }
        progress.report("reading rows with at least k machines", 1, 4);
        try (PreparedStatement ps = connection.prepareStatement(LARGE)) {
            ps.setInt(1, k);
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
        progress.report("reading the machines of rows with fewer than k", 2, 4);
        Map<LocalDate, Map<List<String>, Generalizer.Group>> small = new TreeMap<>();
        if (count(SMALL_COUNT, k) > 0) {
            try (PreparedStatement ps = connection.prepareStatement(SMALL)) {
                ps.setInt(1, k);
                bind(ps, 2, tool, quarter);
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
        }
        try (java.sql.Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS publish_groups");
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
        progress.report("writing", 3, 4);
        Path file = write(outDir, quarter.fileName(tool), rows);
        progress.report("done", 4, 4);
        return new PublishReport(file, rows.size(), generalized, detailed, merged, suppressed, published, leftOut, k);
    }

    private static void bind(PreparedStatement ps, int first, String tool, Quarter quarter) throws SQLException {
        ps.setString(first, tool);
        ps.setObject(first + 1, quarter.firstDay());
        ps.setObject(first + 2, quarter.lastDay());
    }

    private long count(String sql, int k) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setInt(1, k);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
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
