package dev.candor.collector.loadgen;

/**
 * The simulated installations of one tool: {@code machines} machines whose properties (OS and
 * version, runtime, tool version, CI, country) follow realistic mixes and depend only on the seed.
 * Immutable and shared; each sending thread makes its own {@link #requests(long)}.
 *
 * <pre>{@code
 * SimulatedFleet fleet = new SimulatedFleet("forge", 10_000, 1);
 * ForgeRequestWriter writer = fleet.requests(7);
 * SimulatedRequest request = writer.next(100); // OTLP/JSON with exactly 100 log records
 * }</pre>
 */
public final class SimulatedFleet {
    private final String tool;
    private final int machines;
    private final long seed;

    public SimulatedFleet(String tool, int machines, long seed) {
        if (machines < 1) {
            throw new IllegalArgumentException("machines must be at least 1");
        }
        if (!tool.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("tool id '" + tool + "' is not a Candor tool id");
        }
        this.tool = tool;
        this.machines = machines;
        this.seed = seed;
    }

    public String tool() {
        return tool;
    }

    public int machines() {
        return machines;
    }

    /**
     * A request writer for one thread. Its choices of machines and events follow from the fleet's seed
     * and {@code stream}; its {@code log.record.uid}s are fresh on every call, so two runs never collide.
     */
    public ForgeRequestWriter requests(long stream) {
        return new ForgeRequestWriter(this, seed * 31 + stream);
    }

    /** A request writer for one thread of a plan: its time window and id policy apply. */
    public ForgeRequestWriter requests(long stream, LoadPlan plan) {
        return new ForgeRequestWriter(
                this, seed * 31 + stream, plan.windowStart(), plan.windowEnd(), plan.repeatableIds());
    }

    long seed() {
        return seed;
    }

    SimulatedMachine machine(int index) {
        return SimulatedMachine.of(seed, index);
    }
}
