package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.COMMAND;
import static dev.candor.bench.ForgeOverhead.MAX_EXTRA_RUNS_UP;
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

record Report(Options options, String[] args, MachineFacts machine, ForgeBinary forge, Launcher launcher,
        List<ScenarioResult> results, ZonedDateTime startedAt, Duration took) {

    String render() {
        StringBuilder md = new StringBuilder();
        header(md);
        timeTable(md);
        deliveryTable(md);
        notes(md);
        return md.toString();
    }

    private void header(StringBuilder md) {
        md.append("# forge: wall time with Candor telemetry on vs off\n\n");
        md.append("- Date: ").append(startedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" (the run took ").append(duration(took)).append(")\n");
        md.append("- Command: `").append(COMMAND).append(quoted(args)).append("`\n");
        md.append("- forge launched as: `").append(String.join(" ", launcher.command(List.of("<command>"))))
                .append("` (a private copy of ").append(forge.source()).append(" and its lib/, sha-256 ")
                .append(forge.sha256(), 0, 12).append(", ").append(forge.bytes()).append(" bytes, modified ")
                .append(forge.modified()).append("; lib: ").append(forge.libs()).append("), stdout and stderr discarded, stdin /dev/null, in a project made by `forge new console`\n");
        md.append("- Machine: ").append(machine.nproc()).append(" CPUs (nproc), ").append(machine.cpu()).append(", ")
                .append(machine.memory()).append(" RAM, kernel ").append(machine.kernel()).append(", ")
                .append(machine.java()).append('\n');
        md.append("- Method: per scenario, fresh HOME/XDG state and config folders, CI/proxy/JAVA_TOOL_OPTIONS "
                + "variables removed, `FORGE_TELEMETRY_ENDPOINT=http://127.0.0.1:<port>`; \"off\" adds "
                + "`FORGE_TELEMETRY_OPTOUT=1`. One untimed run shows the notice, then ")
                .append(options.warmup()).append(" untimed warm-up pairs and ").append(options.runs())
                .append(" timed on/off pairs per command, interleaved, the first of each pair alternating. "
                        + "Wall time from `ProcessBuilder.start()` to `waitFor()`.\n");
        md.append("- Scenarios: ");
        md.append(String.join("; ", results.stream().map(r -> "**" + r.scenario().id + "**: " + r.scenario().description).toList()));
        md.append("\n\n");
    }

    private void timeTable(StringBuilder md) {
        md.append("## Wall time (ms)\n\n");
        md.append("Added = on − off. Spread = interquartile range (q3 − q1, with q1–q3 in brackets). "
                + "Percentiles interpolate linearly. Goal: added median ≤ 5 ms and added p95 ≤ 15 ms.\n\n");
        md.append("| scenario | command | pairs | on median | off median | **added median** | on p95 | off p95 | "
                + "**added p95** | on IQR | off IQR | median of paired diffs | p95 of paired diffs | goal |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (ScenarioResult r : results) {
            for (Samples s : r.samples()) {
                Summary x = Summary.of(s);
                md.append("| ").append(r.scenario().id).append(" | `").append(String.join(" ", s.command)).append("` | ")
                        .append(x.pairs()).append(" | ").append(ms(x.onMedian())).append(" | ").append(ms(x.offMedian()))
                        .append(" | **").append(signed(x.addedMedian())).append("** | ").append(ms(x.onP95()))
                        .append(" | ").append(ms(x.offP95())).append(" | **").append(signed(x.addedP95())).append("** | ")
                        .append(iqr(x.onQ1(), x.onQ3())).append(" | ").append(iqr(x.offQ1(), x.offQ3())).append(" | ")
                        .append(signed(x.pairedMedian())).append(" | ").append(signed(x.pairedP95())).append(" | ")
                        .append(x.goalMet() ? "met" : "**not met**").append(" |\n");
            }
        }
        md.append('\n');
    }

    private void deliveryTable(StringBuilder md) {
        md.append("## Delivery\n\n");
        md.append("Generated = completed telemetry-on runs of collecting commands (warm-up, timed and extra runs; "
                + "1 event each; `--version` collects nothing). Delivered = distinct `log.record.uid` values "
                + "the recording endpoint received. Queued, not yet delivered = events in spool files left at the end "
                + "that never arrived (they go with the next run). Lost = generated − delivered − queued.\n\n");
        md.append("| scenario | delivered / generated | % | queued, not yet delivered | lost | records received "
                + "(incl. resends) / requests | spool before recovery | extra runs | spool files left "
                + "(already delivered) | endpoint-health before recovery | backoff resets |\n");
        md.append("|---|--:|--:|--:|--:|--:|---|--:|--:|---|--:|\n");
        for (ScenarioResult r : results) {
            Delivery d = r.delivery();
            md.append("| ").append(r.scenario().id).append(" | ").append(d.delivered()).append(" / ").append(d.generated())
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", d.percent())).append(" | ")
                    .append(d.queuedNotDelivered()).append(" | ").append(d.lost()).append(" | ")
                    .append(d.recordsReceived()).append(" / ").append(d.requests()).append(" | ")
                    .append(spoolBefore(d)).append(" | ").append(d.extraRuns()).append(" | ")
                    .append(d.spoolFilesLeft()).append(" (").append(d.queuedAlreadyDelivered()).append(") | ")
                    .append(d.spoolBeforeRecovery() == null ? "n/a" : "`" + d.healthBeforeRecovery() + "`").append(" | ")
                    .append(d.spoolBeforeRecovery() == null ? "n/a" : Integer.toString(d.healthResets())).append(" |\n");
        }
        md.append("\nRecovery (down, blackholed): a recording endpoint starts on the same port, then `forge build` runs "
                + "(telemetry on) until the spool holds no `*.otlp` file (at most ").append(MAX_RECOVERY_RUNS)
                .append(" runs). Before each of those runs, `spool/.retry-after` is deleted and so is "
                        + "`spool/.endpoint-health` if it says FAILING: this models the user's next run after the "
                        + "cross-run backoff (1 s, 2 s, 4 s … 60 s) has passed, without waiting for it. "
                        + "Up: `forge build` runs until the spool is empty (at most ")
                .append(MAX_EXTRA_RUNS_UP).append(" runs). Extra runs' events count as generated.\n\n");
    }

    /** Spool size before recovery, and what the 1 MiB / 500 file cap could have kept. */
    private static String spoolBefore(Delivery d) {
        SpoolStats s = d.spoolBeforeRecovery();
        if (s == null) {
            return "n/a";
        }
        String text = s.files() + " files, " + s.bytes() + " bytes";
        if (d.generatedBeforeRecovery() > SPOOL_CAP_FILES || s.bytes() > SPOOL_CAP_BYTES * 9 / 10) {
            text += " (cap reached: " + d.generatedBeforeRecovery() + " generated, " + s.files() + " could be kept)";
        }
        return text;
    }

    private void notes(StringBuilder md) {
        md.append("## Notes\n\n");
        md.append("- Processes: ").append(launcher.processes()).append(" forge runs, ").append(launcher.timeouts())
                .append(" killed after the ").append(PROCESS_TIMEOUT.toSeconds()).append(" s timeout, ")
                .append(launcher.nonZeroExits()).append(" non-zero exits.\n");
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
