package dev.candor.telemetry;

import dev.candor.common.AttributeNames;
import dev.candor.common.Scrubber;
import dev.candor.telemetry.internal.AtomicFiles;
import dev.candor.telemetry.internal.ConsentResolver;
import dev.candor.telemetry.internal.InstallationIds;
import dev.candor.telemetry.internal.LocalDocuments;
import dev.candor.telemetry.internal.NoticeGate;
import dev.candor.telemetry.internal.OtlpHttpSender;
import dev.candor.telemetry.internal.SettingsFile;
import dev.candor.telemetry.internal.SpoolQueue;
import dev.candor.telemetry.internal.TraceLog;
import dev.candor.telemetry.internal.UploadLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What a user can do with their telemetry: see its status, enable, disable, look at what is queued and
 * what was sent, export it for a bug report, and ask the collector to forget this machine. Each method
 * returns the lines to print; none throws for a problem on the user's machine.
 */
public final class TelemetryAdmin {
    private final Telemetry t;

    TelemetryAdmin(Telemetry telemetry) {
        this.t = telemetry;
    }

    private Path stateDir() {
        return t.config.stateDir();
    }

    private SpoolQueue spool() {
        return new SpoolQueue(stateDir().resolve("spool"), t.spoolMaxBytes, t.spoolMaxFiles, Long.MAX_VALUE, t.clock);
    }

    private TraceLog trace() {
        return new TraceLog(stateDir(), 256 * 1024);
    }

    private InstallationIds ids() {
        return new InstallationIds(stateDir(), t.randomMachineId);
    }

    public List<String> status() {
        ConsentResolver.ConsentDecision d = new ConsentResolver(t.config, t.defaultConsent).decide(null);
        SpoolQueue.Stats stats = spool().stats();
        List<String> out = new ArrayList<>();
        out.add("Telemetry level: " + d.level().id() + " (decided by " + d.reason() + ")");
        out.addAll(d.warnings());
        out.add("Notice shown: " + (new NoticeGate(stateDir(), t.noticeVersion).acknowledged() ? "yes" : "not yet"));
        out.add("Mode: " + (t.localOnly ? "local only (nothing is ever transmitted)" : "send to " + shownEndpoint()));
        out.add("State folder: " + stateDir());
        out.add("Queued: " + stats.files() + " file(s), " + stats.bytes() + " bytes");
        if (!t.localOnly) {
            out.add("Last upload: " + new UploadLog(stateDir()).last().orElse("none yet"));
        }
        out.add("Machine id: " + ids().cachedMachineId().orElse("(none yet)"));
        out.add("Opt out: " + t.envPrefix() + "TELEMETRY_OPTOUT=1, DO_NOT_TRACK=1, or '" + t.toolId
                + " telemetry disable'");
        return out;
    }

    /**
     * The endpoint as configured, for display: an override with credentials in it is refused for sending,
     * and its user part is not repeated here (status goes into exports attached to bug reports).
     */
    private String shownEndpoint() {
        Optional<String> override = t.config.variable(t.envPrefix() + "TELEMETRY_ENDPOINT");
        if (override.isEmpty()) {
            return t.endpoint.toString();
        }
        try {
            URI u = URI.create(override.get());
            if (u.getRawUserInfo() != null) {
                return "(" + t.envPrefix() + "TELEMETRY_ENDPOINT holds credentials, so nothing is sent; remove them)";
            }
            return u.toString();
        } catch (IllegalArgumentException e) {
            return "(" + t.envPrefix() + "TELEMETRY_ENDPOINT is not a URL, so nothing is sent)";
        }
    }

    /** Enables telemetry at a level, for this tool or (allTools) every Candor tool; shows the notice as it does so. */
    public List<String> enable(TelemetryLevel level, boolean allTools) {
        List<String> out = new ArrayList<>();
        SettingsFile file = new SettingsFile(allTools ? t.config.machineConsentFile() : t.config.toolSettingsFile());
        try {
            file.write(level);
        } catch (IOException e) {
            return List.of(
                    "Could not write " + file.path() + ": " + e.getClass().getSimpleName());
        }
        out.add(t.noticeText);
        new NoticeGate(stateDir(), t.noticeVersion).record();
        out.add("Telemetry level set to " + level.id() + " in " + file.path());
        ConsentResolver.ConsentDecision d = new ConsentResolver(t.config, t.defaultConsent).decide(null);
        if (d.level() != level) {
            out.add("Note: the effective level is " + d.level().id() + ", decided by " + d.reason());
        }
        return out;
    }

    /** Disables telemetry and deletes local ids, the spool, the trace log and local documents. Sends nothing. */
    public List<String> disable(boolean allTools) {
        List<String> out = new ArrayList<>();
        SettingsFile file = new SettingsFile(allTools ? t.config.machineConsentFile() : t.config.toolSettingsFile());
        try {
            file.write(TelemetryLevel.OFF);
            out.add("Telemetry disabled in " + file.path());
        } catch (IOException e) {
            out.add("Could not write " + file.path() + ": " + e.getClass().getSimpleName() + "; set " + t.envPrefix()
                    + "TELEMETRY_OPTOUT=1 instead");
        }
        boolean sentBefore = Files.exists(stateDir().resolve("telemetry.log"));
        out.add(deleteLocalData());
        if (sentBefore && !t.localOnly) {
            // disable resets the ids, after which the collector can no longer be asked to forget them.
            out.add("Events sent earlier stay at the collector until its retention removes them."
                    + " (To erase them too, run '" + t.toolId + " telemetry forget' before disabling.)");
        }
        ConsentResolver.ConsentDecision d = new ConsentResolver(t.config, t.defaultConsent).decide(null);
        if (d.level() != TelemetryLevel.OFF) {
            out.add("Note: telemetry is still " + d.level().id() + " because of " + d.reason());
        }
        return out;
    }

    private String deleteLocalData() {
        try {
            spool().clear();
            ids().reset(false);
            Files.deleteIfExists(stateDir().resolve("telemetry.log"));
            Files.deleteIfExists(stateDir().resolve("telemetry.log.1"));
            new LocalDocuments(stateDir(), Integer.MAX_VALUE).clear();
            return "Deleted local telemetry ids, queued events and logs in " + stateDir();
        } catch (IOException | RuntimeException e) {
            return "Some local telemetry files could not be deleted in " + stateDir() + ": "
                    + e.getClass().getSimpleName();
        }
    }

    /** What is queued (not yet sent) and what was sent, as JSON. */
    public List<String> show() {
        List<String> out = new ArrayList<>();
        List<SpoolQueue.Entry> queued = spool().all();
        out.add("# Queued, not yet sent (" + queued.size() + ")");
        queued.forEach(e -> out.add(e.payload()));
        List<String> sent = trace().lines();
        out.add("# Sent (" + sent.size() + "), from " + trace().file());
        out.addAll(sent);
        List<Path> docs = new LocalDocuments(stateDir(), Integer.MAX_VALUE).documents();
        if (!docs.isEmpty()) {
            out.add("# Local documents (" + docs.size() + "), never sent");
            docs.forEach(d -> out.add(d.toString()));
        }
        return out;
    }

    /**
     * Writes a zip of the local telemetry (queued, sent, local documents, status) to share with a bug
     * report. The machine id is replaced, and the installation secret is never included.
     */
    public List<String> export(Path target) {
        String machineId = ids().cachedMachineId().orElse(null);
        try {
            AtomicFiles.ensureDirectory(target.toAbsolutePath().getParent());
            try (OutputStream os = Files.newOutputStream(target);
                    ZipOutputStream zip = new ZipOutputStream(os)) {
                entry(
                        zip,
                        "README.txt",
                        "Telemetry of " + t.toolId + " exported for a bug report.\n"
                                + "The machine id is replaced by <REDACTED: machine-id>; the installation secret is not included.\n",
                        machineId);
                entry(zip, "status.txt", String.join("\n", status()) + "\n", machineId);
                int i = 0;
                for (SpoolQueue.Entry e : spool().all()) {
                    entry(zip, String.format("queued/%04d.json", i++), e.payload(), machineId);
                }
                entry(zip, "sent/telemetry.log", String.join("\n", trace().lines()), machineId);
                entry(zip, "sent/uploads.log", String.join("\n", new UploadLog(stateDir()).lines()), machineId);
                for (Path doc : new LocalDocuments(stateDir(), Integer.MAX_VALUE).documents()) {
                    entry(zip, "local/" + doc.getFileName(), Files.readString(doc), machineId);
                }
            }
            return List.of("Wrote " + target);
        } catch (IOException | RuntimeException e) {
            return List.of("Could not write " + target + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Adds one file to the export. Everything in it was scrubbed when it was written; what is added here
     * (status lines name settings files in the home folder) loses local paths and the machine id.
     */
    private void entry(ZipOutputStream zip, String name, String text, String machineId) throws IOException {
        String redacted = text.replace(stateDir().toString(), "<state folder>");
        for (String local : new String[] {
            t.config.machineConsentFile().getParent().getParent().toString(),
            t.config.workingDirectory().toString(),
            t.config.systemProperties().getOrDefault("user.home", "")
        }) {
            if (local.length() >= 4) {
                redacted = redacted.replace(local, Scrubber.USER_PATH);
            }
        }
        if (machineId != null) {
            redacted = redacted.replace(machineId, "<REDACTED: machine-id>");
        }
        redacted = redactMachineIds(redacted);
        zip.putNextEntry(new ZipEntry(name));
        zip.write(redacted.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static final String MACHINE_ID_ATTRIBUTE =
            "\"key\":\"" + AttributeNames.MACHINE_ID + "\",\"value\":{\"stringValue\":\"";

    /** Every machine id in OTLP payloads, whichever id it was (one from before a forget, say), redacted. */
    static String redactMachineIds(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int i = text.indexOf(MACHINE_ID_ATTRIBUTE); i >= 0; i = text.indexOf(MACHINE_ID_ATTRIBUTE, from)) {
            int start = i + MACHINE_ID_ATTRIBUTE.length();
            int end = text.indexOf('"', start);
            if (end < 0) {
                break;
            }
            out.append(text, from, start).append("<REDACTED: machine-id>");
            from = end;
        }
        return out.append(text, from, text.length()).toString();
    }

    /** Asks the collector to delete every event of this machine, then resets the local ids and queue. */
    public ForgetResult forget() {
        Optional<String> machineId = ids().cachedMachineId();
        if (t.localOnly) {
            return new ForgetResult(true, "This tool keeps telemetry local only; " + deleteLocalData());
        }
        if (machineId.isEmpty()) {
            return new ForgetResult(true, "Nothing was ever sent from this machine; " + deleteLocalData());
        }
        String base = t.config.variable(t.envPrefix() + "TELEMETRY_ENDPOINT").orElse(t.endpoint.toString());
        URI url;
        try {
            url = URI.create(Telemetry.collectorBase(URI.create(base)) + "/v1/forget");
            if (!Telemetry.Builder.isHttp(url) || url.getRawUserInfo() != null) {
                throw new IllegalArgumentException(); // as for sending: credentials never travel in the URL
            }
        } catch (IllegalArgumentException e) {
            return new ForgetResult(false, "No valid collector endpoint is configured; nothing was reset.");
        }
        OtlpHttpSender sender = new OtlpHttpSender(url, t.ingestKey, t.config.proxyFor(url), 5000, 15000);
        OtlpHttpSender.Outcome outcome = sender.post("{\"machineId\":\"" + machineId.get() + "\"}");
        if (outcome.kind() != OtlpHttpSender.Kind.DELIVERED) {
            String why = outcome.status() < 0
                    ? "could not reach the collector at " + url
                    : outcome.status() == 404
                            ? "the collector at " + url + " does not support forget (HTTP 404)"
                            : "the collector answered HTTP " + outcome.status();
            return new ForgetResult(false, "Not forgotten: " + why + ". Local ids were kept so you can try again.");
        }
        // The collector does not say how many events it held: that would tell anyone who asks.
        return new ForgetResult(true, "The collector erased this machine's events. " + resetAfterForget());
    }

    private String resetAfterForget() {
        try {
            spool().clear();
            ids().reset(true);
            // The trace logs name the old machine id in every line they kept: forgotten means gone here too.
            Files.deleteIfExists(stateDir().resolve("telemetry.log"));
            Files.deleteIfExists(stateDir().resolve("telemetry.log.1"));
            Files.deleteIfExists(new UploadLog(stateDir()).file());
            return "Local ids and the log of what was sent were reset; new events cannot be linked to the forgotten ones.";
        } catch (IOException | RuntimeException e) {
            return "Local ids could not be reset: " + e.getClass().getSimpleName();
        }
    }

    /** Outcome of {@link #forget()}: whether it worked, and what to tell the user. */
    public record ForgetResult(boolean ok, String message) {}
}
