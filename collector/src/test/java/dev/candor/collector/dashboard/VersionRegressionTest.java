package dev.candor.collector.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.collector.store.StoredEvent;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command per tool version, each beside the one before it, worked by hand. */
class VersionRegressionTest {
    @TempDir
    Path dir;

    private final List<StoredEvent> events = new ArrayList<>();

    private void runs(String version, int n, int exitCode, long durationMs) {
        for (int i = 0; i < n; i++) {
            events.add(EmbeddedDashboard.event(
                    version,
                    "cli.command",
                    "2026-07-02",
                    events.size(),
                    "m-" + (events.size() % 50),
                    "build",
                    exitCode,
                    durationMs,
                    "{}"));
        }
    }

    /** The per-version table of "build" in July, from an embedded store holding {@link #events}. */
    private JsonNode byVersion() throws Exception {
        return EmbeddedDashboard.ask(
                dir,
                events,
                data -> data.command(
                                new DayRange("forge", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 31)), "build")
                        .get("byVersion"));
    }

    @Test
    void aVersionThatFailsMoreOrRunsSlowerThanTheOneBeforeIsFlagged() throws Exception {
        runs("0.9.0", 5, 0, 100); // too few runs to compare with
        runs("1.0.0", 85, 0, 100); // 5 % failures, p90 100 ms
        runs("1.0.0", 5, 1, 100);
        runs("1.0.0", 10, 0, 200);
        runs("1.10.0", 29, 0, 100); // after 1.2.0: versions by their numbers
        runs("1.10.0", 1, 1, 100);
        runs("1.2.0", 40, 0, 100); // 20 % failures, 40 % slower than 1.0.0's p90
        runs("1.2.0", 20, 1, 100);
        runs("1.2.0", 40, 0, 300);

        JsonNode byVersion = byVersion();

        assertThat(byVersion).hasSize(4);
        JsonNode v09 = byVersion.get(0);
        assertThat(v09.get("version").asText()).isEqualTo("0.9.0");
        assertThat(v09.get("previous").isNull()).isTrue();
        JsonNode v10 = byVersion.get(1);
        assertThat(v10.get("version").asText()).isEqualTo("1.0.0");
        assertThat(v10.get("runs").asLong()).isEqualTo(100);
        assertThat(v10.get("failureRate").asDouble()).isEqualTo(0.05);
        // 100 ms is in the bucket [100, 104): a percentile there is given as its middle (DurationHistogram)
        assertThat(v10.get("p50").asLong()).isEqualTo(102);
        assertThat(v10.get("p90").asLong()).isEqualTo(102);
        assertThat(v10.has("failureZ"))
                .as("0.9.0 has too few runs to compare with")
                .isFalse();
        assertThat(v10.get("failureRateWorse").asBoolean()).isFalse();
        JsonNode v12 = byVersion.get(2);
        assertThat(v12.get("version").asText()).isEqualTo("1.2.0");
        assertThat(v12.get("previous").asText()).isEqualTo("1.0.0");
        assertThat(v12.get("failureRate").asDouble()).isEqualTo(0.2);
        // pooled 0.125: z = (0.20 - 0.05) / sqrt(0.125 * 0.875 * (1/100 + 1/100)) = 3.21
        assertThat(v12.get("failureZ").asDouble()).isEqualTo(3.21);
        assertThat(v12.get("failureRateWorse").asBoolean()).isTrue();
        assertThat(v12.get("p90").asLong())
                .as("300 ms: the middle of [288, 304)")
                .isEqualTo(296);
        // 40 of 100 runs in buckets above 1.0.0's p90 bucket [100, 104): z = (0.40 - 0.10) / sqrt(0.09 / 100) = 10
        assertThat(v12.get("slowerThanPreviousP90").asDouble()).isEqualTo(0.4);
        assertThat(v12.get("p90Z").asDouble()).isEqualTo(10.0);
        assertThat(v12.get("p90Worse").asBoolean()).isTrue();
        JsonNode v110 = byVersion.get(3);
        assertThat(v110.get("version").asText()).isEqualTo("1.10.0");
        assertThat(v110.get("failureRateWorse").asBoolean()).isFalse();
        assertThat(v110.get("p90Worse").asBoolean())
                .as("none above 1.2.0's p90 bucket [288, 304)")
                .isFalse();
        assertThat(v110.get("slowerThanPreviousP90").asDouble()).isZero();
    }

    @Test
    void theP90TestCountsOnlyRunsInBucketsAboveThePreviousP90sBucket() throws Exception {
        runs("1.0.0", 100, 0, 100); // p90 in [100, 104)
        runs("1.1.0", 100, 0, 103); // slower, but in the same bucket: not told apart, not flagged
        runs("1.2.0", 100, 0, 104); // the next bucket, [104, 108): all slower

        JsonNode byVersion = byVersion();

        JsonNode v11 = byVersion.get(1);
        assertThat(v11.get("p90").asLong())
                .as("the middle 102, below the largest, 103")
                .isEqualTo(102);
        assertThat(v11.get("slowerThanPreviousP90").asDouble()).isZero();
        assertThat(v11.get("p90Worse").asBoolean()).isFalse();
        JsonNode v12 = byVersion.get(2);
        assertThat(v12.get("p90").asLong())
                .as("the middle 106, above the largest, 104")
                .isEqualTo(104);
        // 100 of 100 runs above [100, 104): z = (1.0 - 0.10) / sqrt(0.09 / 100) = 30
        assertThat(v12.get("slowerThanPreviousP90").asDouble()).isEqualTo(1.0);
        assertThat(v12.get("p90Z").asDouble()).isEqualTo(30.0);
        assertThat(v12.get("p90Worse").asBoolean()).isTrue();
    }
}
