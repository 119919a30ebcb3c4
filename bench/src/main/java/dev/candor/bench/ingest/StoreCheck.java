package dev.candor.bench.ingest;

import dev.candor.collector.store.duckdb.DuckDbEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What a stopped collector left on disk: rows, distinct event ids, and the bytes of the store file
 * and its WAL. Read with a read-only connection once the collector process has exited.
 */
record StoreCheck(long rows, long distinctIds, long fileBytes, long walBytes) {
    static StoreCheck of(Path dataDir) throws SQLException, IOException {
        Path file = dataDir.resolve(DuckDbEventStore.FILE_NAME);
        Path wal = dataDir.resolve(DuckDbEventStore.FILE_NAME + ".wal");
        // Sizes first: opening the store may replay and fold a WAL, which would hide it.
        long fileBytes = Files.size(file);
        long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM events")) {
            rs.next();
            return new StoreCheck(rs.getLong(1), rs.getLong(2), fileBytes, walBytes);
        }
    }

    double bytesPerRow() {
        return rows == 0 ? 0 : (fileBytes + walBytes) / (double) rows;
    }
}
