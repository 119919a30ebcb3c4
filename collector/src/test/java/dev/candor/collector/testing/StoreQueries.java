package dev.candor.collector.testing;

import dev.candor.collector.server.CollectorServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a running collector's store through a second connection of its own process. */
public final class StoreQueries {
    private StoreQueries() {
    }

    public static List<List<Object>> rows(CollectorServer server, String sql) {
        try (Connection c = server.store().newReader(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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
                .get(0).get(0)).longValue();
    }
}
