package dev.candor.collector.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.json.Json;
import dev.candor.collector.store.StoreException;

/**
 * Where the dashboard's numbers come from: the embedded store or ClickHouse, each through its own
 * implementation. A store that cannot answer now (down, absent) throws {@link StoreException}, which
 * the pages show; a query that fails in the store throws {@link QueryFailed}. Answers are the JSON the pages read; {@link DashboardQueries}
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
    ArrayNode tools() throws StoreException;

    ObjectNode overview(DayRange r) throws StoreException;

    /** One command's days, exit codes, options and durations. */
    ObjectNode command(DayRange r, String command) throws StoreException;

    ObjectNode errors(DayRange r) throws StoreException;

    /**
     * Adoption: per day, the active machines of each value of {@code dimension} (one of {@link
     * DashboardAnswers#ADOPTION_DIMENSIONS}) and of all values, and the day each value was first seen.
     */
    ObjectNode adoption(DayRange r, String dimension) throws StoreException;

    /** Active machines per day, week and month, new and returning, and the weekly retention grid ({@link ActiveMachines}). */
    ObjectNode activeMachines(DayRange r) throws StoreException;

    /** Brings pre-computed numbers up to date; returns how many days were recomputed. */
    int refresh() throws StoreException;

    /**
     * One step of {@link #refresh}, for the background refresher: a bounded amount of work, so that
     * catching up after a backfill is spread over several steps instead of competing with ingest.
     */
    default int refreshStep() throws StoreException {
        return refresh();
    }

    /**
     * A query the store could not run: a defect or a damaged store, not an outage. Its cause is the
     * store's own exception; the dashboard answers 500 and logs only the cause's type.
     */
    final class QueryFailed extends RuntimeException {
        public QueryFailed(Exception cause) {
            super(cause.getClass().getSimpleName(), cause);
        }

        /** What failed, for a log line: the store's own exception for a query that failed in it. */
        public static Throwable cause(Throwable e) {
            return e instanceof QueryFailed && e.getCause() != null ? e.getCause() : e;
        }

        /** The simple name of {@link #cause}. */
        public static String kind(Throwable e) {
            return cause(e).getClass().getSimpleName();
        }
    }

    /** Answers every request with the same explanation. */
    final class Unavailable implements DashboardData {
        private final String why;

        Unavailable(String why) {
            this.why = why;
        }

        @Override
        public ArrayNode tools() {
            return Json.MAPPER.createArrayNode();
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
        public ObjectNode adoption(DayRange r, String dimension) throws StoreException {
            throw new StoreException(why);
        }

        @Override
        public ObjectNode activeMachines(DayRange r) throws StoreException {
            throw new StoreException(why);
        }

        @Override
        public int refresh() {
            return 0;
        }
    }
}
