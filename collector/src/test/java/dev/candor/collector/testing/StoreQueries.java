package dev.candor.collector.testing;

import dev.candor.collector.server.CollectorServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a running collector's store through a second connection of its own process, once DuckDB
 * has committed every batch acknowledged so far (a 200 only means the journal has it).
 */
public final class StoreQueries {
    private StoreQueries() {}

    public static List<List<Object>> rows(CollectorServer server, String sql) {
        try {
            server.journal().run(store -> null).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the store did not catch up with the journal", e);
        }
        try (Connection c = server.store().newReader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(CollectorServer server, String where) {
        return ((Number) rows(server, "SELECT count(*) FROM events" + (where.isEmpty() ? "" : " WHERE " + where))
                        .get(0)
                        .get(0))
                .longValue();
    }
}
