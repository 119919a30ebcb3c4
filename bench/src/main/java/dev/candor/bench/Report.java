package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.COMMAND;
import static dev.candor.bench.ForgeOverhead.MAX_RECOVERY_RUNS;
import static dev.candor.bench.ForgeOverhead.PROCESS_TIMEOUT;
import static dev.candor.bench.ForgeOverhead.SPOOL_CAP_BYTES;
import static dev.candor.bench.ForgeOverhead.SPOOL_CAP_FILES;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

record Report(
        Options options,
        String[] args,
        MachineFacts machine,
        ForgeBinary forge,
        Launcher launcher,
        List<ScenarioResult> results,
        ZonedDateTime startedAt,
        Duration took) {

    String render() {
        StringBuilder md = new StringBuilder();
        header(md);
        timeTable(md);
        deliveryTable(md);
        notes(md);
        return md.toString();
    }

    private void header(StringBuilder md) {
        md.append("# forge: what Candor telemetry costs a run, and when its events arrive\n\n");
        md.append("- Date: ")
                .append(startedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" (the run took ")
                .append(duration(took))
                .append(")\n");
        md.append("- Command: `").append(COMMAND).append(quoted(args)).append("`\n");
        md.append("- forge launched as: `")
                .append(String.join(" ", launcher.command(List.of("<command>"))))
                .append("` (a private copy of ")
                .append(forge.source())
                .append(" and its lib/, sha-256 ")
                .append(forge.sha256(), 0, 12)
                .append(", ")
                .append(forge.bytes())
                .append(" bytes, modified ")
                .append(forge.modified())
                .append("; lib: ")
                .append(forge.libs())
                .append(
                        "), through `bash -c` (its `times` "
                                + "gives forge's CPU time), stdout and stderr discarded, stdin /dev/null, in a project made by `forge new console`\n");
        md.append("- Machine: ")
                .append(machine.nproc())
                .append(" CPUs (nproc), ")
                .append(machine.cpu())
                .append(", ")
                .append(machine.memory())
                .append(" RAM, kernel ")
                .append(machine.kernel())
                .append(", ")
                .append(machine.java())
                .append('\n');
        md.append(
                        "- Method: per scenario, fresh HOME/XDG state and config folders for the telemetry-on runs and others for "
                                + "the telemetry-off runs (an opt-out deletes what is queued), CI/proxy/JAVA_TOOL_OPTIONS variables of the "
                                + "caller removed; \"off\" is `FORGE_TELEMETRY_OPTOUT=1`. One untimed run of each shows the notice, then ")
                .append(options.warmup())
                .append(" untimed warm-up pairs and ")
                .append(options.runs())
                .append(
                        " timed on/off pairs per command, interleaved, the first of each pair alternating, back to back. "
                                + "Wall time from `ProcessBuilder.start()` to `waitFor()`; CPU time of forge's process (user + system) "
                                + "from the shell that waited for it. The detached uploaders (not forge's children once it exits) "
                                + "report their own CPU time in `uploads.log`.\n");
        md.append("- Scenarios: ");
        md.append(String.join(
                "; ",
                results.stream()
                        .map(r -> "**" + r.scenario().id + "**: " + r.scenario().description)
                        .toList()));
        md.append("\n\n");
    }

    private void timeTable(StringBuilder md) {
        md.append("## The tool's own process\n\n");
        md.append("Added = on − off, per statistic. Percentiles interpolate linearly. Goals: wall added median ≤ 5 ms "
                + "and p95 ≤ 15 ms; CPU added median ≤ 10 ms.\n\n");
        md.append(
                "| scenario | command | pairs | wall on median | wall off median | **wall added median** | wall on p95 | "
                        + "wall off p95 | **wall added p95** | CPU on median | CPU off median | **CPU added median** | CPU added p95 | "
                        + "CPU added mean | goals |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (ScenarioResult r : results) {
            for (Samples s : r.samples()) {
                Summary x = Summary.of(s);
                md.append("| ")
                        .append(r.scenario().id)
                        .append(" | `")
                        .append(String.join(" ", s.command))
                        .append("` | ")
                        .append(x.pairs())
                        .append(" | ")
                        .append(ms(x.onMedian()))
                        .append(" | ")
                        .append(ms(x.offMedian()))
                        .append(" | **")
                        .append(signed(x.addedMedian()))
                        .append("** | ")
                        .append(ms(x.onP95()))
                        .append(" | ")
                        .append(ms(x.offP95()))
                        .append(" | **")
                        .append(signed(x.addedP95()))
                        .append("** | ")
                        .append(ms(x.onCpuMedian()))
                        .append(" | ")
                        .append(ms(x.offCpuMedian()))
                        .append(" | **")
                        .append(signed(x.addedCpuMedian()))
                        .append("** | ")
                        .append(signed(x.addedCpuP95()))
                        .append(" | ")
                        .append(signed(x.addedCpuMean()))
                        .append(" | ")
                        .append(x.wallGoalMet() && x.cpuGoalMet() ? "met" : "**not met**")
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    private void deliveryTable(StringBuilder md) {
        md.append("## Delivery, and all CPU spent on telemetry\n\n");
        md.append("Generated = completed telemetry-on runs of collecting commands (warm-up, timed and recovery runs; "
                + "1 event each; `--version` collects nothing). Stored = the collector's `candor_events_stored_total` "
                + "(https, http), or distinct `log.record.uid` values a recording endpoint received after recovery (down, "
                + "black-holed). Time to delivery: from the end of the last collecting run until every event was stored, "
                + "with no further run (the `--version` runs that may follow collect nothing). All telemetry CPU per run = forge's added CPU (mean) + the uploaders' CPU spread over "
                + "the collecting runs; the goal is ≤ 20 ms a run.\n\n");
        md.append("| scenario | stored / generated | duplicates | time to delivery | spool files left | uploaders | "
                + "uploaders' CPU (ms) | uploaders' CPU per collecting run | **all telemetry CPU per collecting run** | "
                + "spool before recovery | recovery runs |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|\n");
        for (ScenarioResult r : results) {
            Delivery d = r.delivery();
            double perRun = d.generated() == 0 ? Double.NaN : (double) d.uploaderCpuMillis() / d.generated();
            double forgeAdded = r.samples().stream()
                    .filter(s -> ForgeOverhead.collects(s.command))
                    .mapToDouble(s -> Summary.of(s).addedCpuMean())
                    .average()
                    .orElse(Double.NaN);
            md.append("| ")
                    .append(r.scenario().id)
                    .append(" | ")
                    .append(d.delivered())
                    .append(" / ")
                    .append(d.generated())
                    .append(" | ")
                    .append(d.duplicates())
                    .append(" | ")
                    .append(
                            Double.isNaN(d.secondsToDelivery())
                                    ? (r.scenario().collectorUp() ? "**not within 60 s**" : "n/a")
                                    : String.format(Locale.ROOT, "%.1f s", d.secondsToDelivery()))
                    .append(" | ")
                    .append(d.spoolFilesLeft())
                    .append(" | ")
                    .append(d.uploaders())
                    .append(" | ")
                    .append(d.uploaderCpuMillis())
                    .append(" | ")
                    .append(ms(perRun))
                    .append(" | **")
                    .append(ms(forgeAdded + perRun))
                    .append("** | ")
                    .append(spoolBefore(d))
                    .append(" | ")
                    .append(r.scenario().collectorUp() ? "n/a" : Integer.toString(d.recoveryRuns()))
                    .append(" |\n");
        }
        md.append(
                        "\nRecovery (down, blackholed): once the scenario's uploaders have given up, a recording endpoint starts "
                                + "on the same port and `forge build` runs (telemetry on), each run followed by up to a minute for its "
                                + "uploader, until the spool holds no `*.otlp` file (at most ")
                .append(MAX_RECOVERY_RUNS)
                .append(
                        " runs). Before each of those runs, `spool/.retry-after` and `spool/.endpoint-health` are deleted: "
                                + "this models the user's next run after the cross-run backoff (1 s, 2 s, 4 s … 60 s) has passed, "
                                + "without waiting for it.\n\n");
    }

    /** Spool size before recovery, and whether the 1 MiB / 500 file cap was reached. */
    private static String spoolBefore(Delivery d) {
        SpoolStats s = d.spoolBeforeRecovery();
        if (s == null) {
            return "n/a";
        }
        String text = s.files() + " files, " + s.bytes() + " bytes";
        if (s.files() >= SPOOL_CAP_FILES || s.bytes() > SPOOL_CAP_BYTES * 9 / 10) {
            text += " (cap reached)";
        }
        return text + ", health `" + d.healthBeforeRecovery() + "`";
    }

    private void notes(StringBuilder md) {
        md.append("## Notes\n\n");
        md.append("- Processes: ")
                .append(launcher.processes())
                .append(" forge runs, ")
                .append(launcher.timeouts())
                .append(" killed after the ")
                .append(PROCESS_TIMEOUT.toSeconds())
                .append(" s timeout, ")
                .append(launcher.nonZeroExits())
                .append(" non-zero exits.\n");
        for (ScenarioResult r : results) {
            List<String> all = new ArrayList<>(r.notes());
            all.addAll(r.delivery().notes());
            if (!r.noticeShown()) {
                all.add("notice not recorded as shown");
            }
            for (Samples s : r.samples()) {
                if (s.failedRuns > 0) {
                    all.add("`" + String.join(" ", s.command) + "`: " + s.failedRuns + " runs failed or timed out");
                }
            }
            for (String n : all) {
                md.append("- ").append(r.scenario().id).append(": ").append(n).append(".\n");
            }
        }
        md.append('\n');
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.1f", v);
    }

    private static String iqr(double q1, double q3) {
        return Double.isNaN(q1) ? "n/a" : String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", q3 - q1, q1, q3);
    }

    private static String duration(Duration d) {
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    private static String quoted(String[] args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./=:,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
