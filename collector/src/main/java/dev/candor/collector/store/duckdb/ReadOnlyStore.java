package dev.candor.collector.store.duckdb;

import dev.candor.collector.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The store opened read-only by an operator's query while no collector runs. DuckDB lets one
 * process own a file: while the collector holds it, opening fails with a clear message instead.
 */
public final class ReadOnlyStore implements AutoCloseable {
    private final Connection connection;

    private ReadOnlyStore(Connection connection) {
        this.connection = connection;
    }

    public static ReadOnlyStore open(Path file) throws StoreException {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no Candor store at " + file.getParent() + " (expected " + file.getFileName()
                    + "; give --data-dir)");
        }
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        try {
            return new ReadOnlyStore(DriverManager.getConnection("jdbc:duckdb:" + file, p));
        } catch (SQLException e) {
            String msg = DuckDbEventStore.wholeFirstLine(e);
            // Another process: a file lock. This process (tests, the dashboard later): a second configuration.
            if (msg.contains("lock") || msg.contains("different configuration")) {
                throw new StoreException("the collector holds this store (" + file.getParent()
                        + "); stop it first, or query a copy of " + file.getFileName());
            }
            throw new StoreException("cannot open " + file + ": " + msg, e);
        }
    }

    /** The read-only connection, for publishing. */
    public Connection connection() {
        return connection;
    }

    /** Runs the query and writes TSV: a header, then one line per row. */
    public void query(String sql, PrintWriter out) throws StoreException {
        try (Statement s = connection.createStatement()) {
            if (!s.execute(sql)) {
                out.println("(no result set; " + s.getUpdateCount() + " rows)");
                return;
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    line.append(i > 1 ? "\t" : "").append(escape(md.getColumnLabel(i)));
                }
                out.println(line);
                while (rs.next()) {
                    line.setLength(0);
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        line.append(i > 1 ? "\t" : "").append(v == null ? "" : escape(String.valueOf(v)));
                    }
                    out.println(line);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("query failed: " + DuckDbEventStore.wholeFirstLine(e), e);
        }
    }

    static String escape(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\\') < 0) {
            return s;
        }
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // read-only: nothing to lose
        }
    }
}
