package dev.candor.collector.store.duckdb;

import dev.candor.collector.publish.Quarter;
import dev.candor.collector.publish.UsageRow;
import dev.candor.collector.publish.UsageSource;
import dev.candor.collector.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.function.Consumer;

/** The embedded store's daily aggregate, read through a DuckDB connection. */
public final class DuckDbUsageSource implements UsageSource {
    private static final String DIMS = "day, command, geography, os_family, runtime_id, os_version, tool_version";
    private static final String QUARTER =
            " FROM daily_usage WHERE tool = ? AND event_name = 'cli.command' AND day BETWEEN ? AND ?";
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

    public DuckDbUsageSource(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void read(String tool, Quarter quarter, int k, Consumer<UsageRow> large, SmallGroupSink small)
            throws StoreException {
        try {
            try (PreparedStatement ps = connection.prepareStatement(GROUPS)) {
                bind(ps, 1, tool, quarter);
                ps.execute();
            }
            try (PreparedStatement ps = connection.prepareStatement(LARGE)) {
                ps.setInt(1, k);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        large.accept(new UsageRow(
                                rs.getObject(1, LocalDate.class),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getLong(8)));
                    }
                }
            }
            if (count(SMALL_COUNT, k) > 0) {
                try (PreparedStatement ps = connection.prepareStatement(SMALL)) {
                    ps.setInt(1, k);
                    bind(ps, 2, tool, quarter);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String[] dims = {
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7)
                            };
                            small.accept(rs.getObject(1, LocalDate.class), dims, rs.getString(8), rs.getLong(9));
                        }
                    }
                }
            }
            try (Statement s = connection.createStatement()) {
                s.execute("DROP TABLE IF EXISTS publish_groups");
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "could not read the daily aggregate: "
                            + dev.candor.collector.store.duckdb.DuckDbEventStore.firstLine(e),
                    e);
        }
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
}
