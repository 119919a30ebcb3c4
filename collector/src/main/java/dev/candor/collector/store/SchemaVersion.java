package dev.candor.collector.store;

import java.util.List;
import java.util.OptionalInt;

/**
 * The version of a store's tables, kept in the store itself ({@code candor_schema}), and the steps
 * that bring an older store up to this build's at start, so an upgrade of Candor never needs a
 * hand-made SQL step. A store written by a newer Candor is refused rather than changed.
 *
 * <p>Version 1 is the first versioned schema; a store from before versioning has those same tables
 * and is recorded as version 1. {@link #CURRENT} and {@link #MIGRATIONS} are ClickHouse's, which has no
 * step yet; the embedded store keeps its own ({@code DuckDbEventStore.SCHEMA_VERSION}).
 */
public final class SchemaVersion {
    /** The ClickHouse schema this build creates and expects. */
    public static final int CURRENT = 1;

    /** The steps this build knows, oldest first. */
    public static final List<Migration> MIGRATIONS = List.of();

    private SchemaVersion() {}

    /** The Candor build recorded beside a version: the jar's version, or {@code dev} from classes. */
    public static String writtenBy() {
        String v = SchemaVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * One step, from {@code from} to {@code from + 1}.
     *
     * @param from        the version it starts from
     * @param description what it changes, for the log
     * @param statements  the SQL, run in order
     */
    public record Migration(int from, String description, List<String> statements) {}

    /** A store's side of versioning. */
    public interface Store {
        /** The recorded version; empty when none is recorded. */
        OptionalInt recorded() throws StoreException;

        /** Runs one step's statements and records {@code to}, as one unit where the store allows. */
        void apply(Migration step, int to) throws StoreException;

        /** Records {@code version} without running anything (a new store, or one from before versioning). */
        void record(int version) throws StoreException;
    }

    /**
     * Brings {@code store} to {@code current}: records it for a store with no version ({@code
     * unversioned} is the version such a store has: {@code current} for one just created, 1 for one
     * from before versioning), runs each missing step in order, refuses a newer one.
     *
     * @return the steps run, in words, for the log
     * @throws StoreException naming the step that failed, or the newer version
     */
    public static List<String> migrate(Store store, int unversioned, int current, List<Migration> steps)
            throws StoreException {
        OptionalInt recorded = store.recorded();
        int version = recorded.orElse(unversioned);
        if (recorded.isEmpty()) {
            store.record(version);
        }
        if (version > current) {
            throw new StoreException("the store's schema is version " + version + ", newer than this Candor's ("
                    + current + "): it was written by a newer Candor; run that one, or restore a backup made"
                    + " for this one");
        }
        List<String> done = new java.util.ArrayList<>();
        while (version < current) {
            int from = version;
            Migration step = steps.stream()
                    .filter(m -> m.from() == from)
                    .findFirst()
                    .orElseThrow(() -> new StoreException("no migration from schema version " + from
                            + " in this Candor; upgrade through an intermediate release"));
            try {
                store.apply(step, from + 1);
            } catch (StoreException e) {
                throw new StoreException(
                        "schema migration " + from + " -> " + (from + 1) + " (" + step.description()
                                + ") failed and was rolled back; the store is unchanged at version " + from + ": "
                                + e.getMessage(),
                        e);
            }
            done.add(from + " -> " + (from + 1) + ": " + step.description());
            version = from + 1;
        }
        return done;
    }
}
