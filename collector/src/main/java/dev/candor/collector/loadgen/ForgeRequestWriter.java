package dev.candor.collector.loadgen;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Writes request bodies for one thread, cheaply (one reused {@link StringBuilder}, no JSON library):
 * each request is what one machine's SDK sends after it queued some runs, one {@code ResourceLogs}
 * per run with a fresh {@code session.id}, oldest run first. Not thread-safe.
 */
public final class ForgeRequestWriter {
    private static final String SDK_VERSION = "0.1.0";

    private final SimulatedFleet fleet;
    private SplittableRandom choices;
    private SplittableRandom uids;
    private final long fleetSeed;
    private final boolean repeatable;
    private final ForgeUsage usage = new ForgeUsage();
    private final StringBuilder body = new StringBuilder(1 << 18);
    private final long windowStartNanos;
    private final long windowNanos;

    ForgeRequestWriter(SimulatedFleet fleet, long seed) {
        this(fleet, seed, null, null, false);
    }

    /**
     * With a window, each request's runs happen at a random time inside it; with repeatable ids the
     * uids follow from the seed. By default a rerun with the same seed sends new events, not duplicates.
     */
    ForgeRequestWriter(SimulatedFleet fleet, long seed, Instant windowStart, Instant windowEnd, boolean repeatableIds) {
        this.fleet = fleet;
        this.choices = new SplittableRandom(seed);
        this.uids = new SplittableRandom(new SecureRandom().nextLong());
        this.fleetSeed = fleet.seed();
        this.repeatable = repeatableIds;
        this.windowStartNanos = windowStart == null ? 0 : nanos(windowStart);
        this.windowNanos = windowStart == null ? 0 : nanos(windowEnd) - nanos(windowStart);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * Request number {@code n} of a run. With repeatable ids everything in it (machine, times, events,
     * ids) follows from the fleet's seed and {@code n} alone, so a rerun sends the very same requests
     * whichever thread sends which.
     */
    public SimulatedRequest next(int events, long n) {
        if (repeatable) {
            // SplittableRandom(s) and SplittableRandom(s + k * gamma) give shifted copies of one sequence:
            // seeds are mixed through one draw first, so that requests never share ids.
            choices = new SplittableRandom(new SplittableRandom(fleetSeed * 0x632BE59BD9B4E019L + n).nextLong());
            uids = new SplittableRandom(choices.nextLong() ^ 0x2545F4914F6CDD1DL);
        }
        return next(events);
    }

    /** A request with exactly {@code events} log records (at least 1), from one machine. */
    public SimulatedRequest next(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("a request holds at least one event");
        }
        // Usage is skewed: a few machines (CI agents, heavy users) send much more than most.
        double u = choices.nextDouble();
        SimulatedMachine m = fleet.machine((int) (fleet.machines() * u * u));
        long now = System.currentTimeMillis() * 1_000_000L;
        if (windowNanos > 0) { // the request's queued runs must all fall inside the window
            long earliest = Math.min(windowNanos - 1, (long) events * 120_000_000_000L);
            now = windowStartNanos + earliest + choices.nextLong(windowNanos - earliest);
        }
        body.setLength(0);
        body.append("{\"resourceLogs\":[");
        int written = 0;
        long end = now - (long) events * 90_000_000_000L; // queued runs, about a minute and a half apart
        while (written < events) {
            if (written > 0) {
                body.append(',');
            }
            body.append("{\"resource\":{\"attributes\":[");
            resource(m);
            body.append("]},\"scopeLogs\":[{\"scope\":{\"name\":\"dev.candor.telemetry\",\"version\":\"")
                    .append(SDK_VERSION)
                    .append("\"},\"logRecords\":[");
            end += 60_000_000_000L + choices.nextLong(60_000_000_000L);
            written += usage.writeRun(body, choices, uids, Math.min(end, now), events - written);
            body.append("]}]}");
        }
        body.append("]}");
        return new SimulatedRequest(body.toString().getBytes(StandardCharsets.ISO_8859_1), written, m.clientAddress());
    }

    private void resource(SimulatedMachine m) {
        OtlpJson.string(body, "service.name", fleet.tool());
        OtlpJson.string(body, "service.version", m.toolVersion());
        OtlpJson.string(body, "session.id", Ids.uuid(uids));
        OtlpJson.string(body, "os.type", m.osType());
        OtlpJson.string(body, "os.version", m.osVersion());
        OtlpJson.string(body, "host.arch", m.hostArch());
        OtlpJson.string(body, "candor.runtime.id", m.runtimeId());
        OtlpJson.string(body, "process.runtime.version", m.javaVersion());
        OtlpJson.string(body, "candor.container", m.container());
        OtlpJson.bool(body, "candor.ci", m.ci());
        OtlpJson.string(body, "candor.ci.provider", m.ciProvider());
        OtlpJson.bool(body, "candor.output.redirected", m.ci());
        OtlpJson.string(body, "candor.machine.id", m.machineId());
        OtlpJson.string(body, "candor.cwd.hash", m.cwdHash());
        OtlpJson.string(body, "telemetry.sdk.name", "candor");
        OtlpJson.string(body, "telemetry.sdk.language", "java");
        OtlpJson.string(body, "telemetry.sdk.version", SDK_VERSION);
    }
}
