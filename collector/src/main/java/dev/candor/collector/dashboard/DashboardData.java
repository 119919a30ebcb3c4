package dev.candor.collector.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.publish.PublishReport;
import dev.candor.collector.publish.Quarter;
import dev.candor.collector.store.StoreException;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Where the dashboard's numbers come from: the embedded store ({@link DuckDbDashboardData}) or
 * another store with the same tables. Answers are the JSON the pages read; {@link DashboardQueries}
 * documents their shape. Called from the dashboard's query threads, so implementations must be
 * thread-safe.
 */
public interface DashboardData {
    /**
     * No store to read: a stateless collector (sink kafka) without {@code store = clickhouse}. Every
     * page says so instead of showing numbers.
     */
    DashboardData NONE = new Unavailable("this collector has no store to read (sink kafka): start it with"
            + " store=clickhouse and clickhouse-url to see the dashboard's data");

    /** Each tool with stored data: id, events, firstDay, lastDay. */
    ArrayNode tools() throws SQLException, IOException, StoreException;

    ObjectNode overview(DayRange r) throws SQLException, IOException, StoreException;

    /** One command's days, exit codes, options and durations. */
    ObjectNode command(DayRange r, String command) throws SQLException, IOException, StoreException;

    ObjectNode errors(DayRange r) throws SQLException, IOException, StoreException;

    /** Brings pre-computed numbers up to date; returns how many days were recomputed. */
    int refresh() throws SQLException, IOException, StoreException;

    /**
     * One step of {@link #refresh}, for the background refresher: a bounded amount of work, so that
     * catching up after a backfill is spread over several steps instead of competing with ingest.
     */
    default int refreshStep() throws SQLException, IOException, StoreException {
        return refresh();
    }

    /** Publishes a tool's quarter with at least {@code k} machines behind each row (the Published data page). */
    PublishReport publish(String tool, Quarter quarter, int k, java.nio.file.Path outDir) throws SQLException, IOException, StoreException;

    /** Answers every request with the same explanation. */
    final class Unavailable implements DashboardData {
        private final String why;

        Unavailable(String why) {
            this.why = why;
        }

        @Override
        public ArrayNode tools() {
            return DashboardQueries.JSON.createArrayNode();
        }

        @Override
        public ObjectNode overview(DayRange r) throws StoreException {
            throw new StoreException(why);
        }

        @Override
        public ObjectNode command(DayRange r, String command) throws StoreException {
            throw new StoreException(why);
        }

        @Override
        public ObjectNode errors(DayRange r) throws StoreException {
            throw new StoreException(why);
        }

        @Override
        public int refresh() {
            return 0;
        }

        @Override
        public PublishReport publish(String tool, Quarter quarter, int k, java.nio.file.Path outDir) throws StoreException {
            throw new StoreException(why);
        }
    }
}
