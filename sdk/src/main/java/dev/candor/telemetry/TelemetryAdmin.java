package dev.candor.telemetry;

import dev.candor.common.AttributeNames;
import dev.candor.common.OwnerProof;
import dev.candor.common.Scrubber;
import dev.candor.common.TrustedCertificates;
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

    /** Whether telemetry is on and why, what is queued, the last upload and the machine id. */
    public Status status() {
        ConsentResolver.ConsentDecision d = new ConsentResolver(t.config, t.defaultConsent).decide(null);
        SpoolQueue.Stats stats = spool().stats();
        return new Status(
                d.level(),
                d.reason(),
                List.copyOf(d.warnings()),
                new NoticeGate(stateDir(), t.noticeVersion).acknowledged(),
                t.localOnly ? Optional.empty() : Optional.of(shownEndpoint()),
                stateDir(),
                stats.files(),
                stats.bytes(),
                t.localOnly ? Optional.empty() : new UploadLog(stateDir()).last(),
                ids().cachedMachineId(),
                t.envPrefix() + "TELEMETRY_OPTOUT=1, DO_NOT_TRACK=1, or '" + t.toolId + " telemetry disable'");
    }

    /**
     * What {@link #status()} found.
     *
     * @param level        the effective level
     * @param decidedBy    the rule that decided it, in words
     * @param warnings     settings that were ignored (a bad value, say), in words
     * @param noticeShown  whether the notice was shown on this machine
     * @param endpoint     where events are sent; empty for a tool that keeps telemetry local only
     * @param stateDir     the state folder
     * @param queuedFiles  files queued, not yet sent
     * @param queuedBytes  their size
     * @param lastUpload   the last upload's line of {@code uploads.log}; empty when none (or local only)
     * @param machineId    the machine id, once one was made
     * @param optOut       the ways to opt out, in words
     */
    public record Status(
            TelemetryLevel level,
            String decidedBy,
            List<String> warnings,
            boolean noticeShown,
            Optional<String> endpoint,
            Path stateDir,
            int queuedFiles,
            long queuedBytes,
            Optional<String> lastUpload,
            Optional<String> machineId,
            String optOut) {
        /** The status as {@code telemetry status} prints it. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add("Telemetry level: " + level.id() + " (decided by " + decidedBy + ")");
            out.addAll(warnings);
            out.add("Notice shown: " + (noticeShown ? "yes" : "not yet"));
            out.add("Mode: " + endpoint.map(e -> "send to " + e).orElse("local only (nothing is ever transmitted)"));
            out.add("State folder: " + stateDir);
            out.add("Queued: " + queuedFiles + " file(s), " + queuedBytes + " bytes");
            if (endpoint.isPresent()) {
                out.add("Last upload: " + lastUpload.orElse("none yet"));
            }
            out.add("Machine id: " + machineId.orElse("(none yet)"));
            out.add("Opt out: " + optOut);
            return out;
        }
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
    public Result enable(TelemetryLevel level, boolean allTools) {
        java.util.Objects.requireNonNull(level, "level");
        List<String> out = new ArrayList<>();
        SettingsFile file = new SettingsFile(allTools ? t.config.machineConsentFile() : t.config.toolSettingsFile());
        try {
            file.write(level);
        } catch (IOException e) {
            return new Result(
                    false,
                    List.of("Could not write " + file.path() + ": "
                            + e.getClass().getSimpleName()));
        }
        out.add(t.noticeText);
        new NoticeGate(stateDir(), t.noticeVersion).record();
        out.add("Telemetry level set to " + level.id() + " in " + file.path());
        ConsentResolver.ConsentDecision d = new ConsentResolver(t.config, t.defaultConsent).decide(null);
        if (d.level() != level) {
            out.add("Note: the effective level is " + d.level().id() + ", decided by " + d.reason());
        }
        return new Result(true, out);
    }

    /** Disables telemetry and deletes local ids, the spool, the trace log and local documents. Sends nothing. */
    public Result disable(boolean allTools) {
        List<String> out = new ArrayList<>();
        boolean ok = true;
        SettingsFile file = new SettingsFile(allTools ? t.config.machineConsentFile() : t.config.toolSettingsFile());
        try {
            file.write(TelemetryLevel.OFF);
            out.add("Telemetry disabled in " + file.path());
        } catch (IOException e) {
            ok = false;
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
        return new Result(ok, out);
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

    /** What is queued (not yet sent), what was sent, and the local documents (never sent). */
    public Shown show() {
        List<String> queued = new ArrayList<>();
        spool().all().forEach(e -> queued.add(e.payload()));
        return new Shown(
                queued, trace().lines(), trace().file(), new LocalDocuments(stateDir(), Integer.MAX_VALUE).documents());
    }

    /**
     * What {@link #show()} found.
     *
     * @param queued         the queued OTLP/JSON payloads, oldest first
     * @param sent           the lines of the log of what was sent: {@code {"sentAt":...,"resourceLogs":...}}
     * @param sentLog        the file those lines are from
     * @param localDocuments the local JSON documents of a local-only tool (never sent)
     */
    public record Shown(List<String> queued, List<String> sent, Path sentLog, List<Path> localDocuments) {
        /** One JSON document: {@code {"queued":[...],"sent":[...],"localDocuments":[...]}}. */
        public String json() {
            dev.candor.common.JsonWriter w = new dev.candor.common.JsonWriter().beginObject();
            w.name("queued").beginArray();
            queued.forEach(w::raw);
            w.endArray().name("sent").beginArray();
            sent.forEach(w::raw);
            w.endArray().name("localDocuments").beginArray();
            localDocuments.forEach(d -> w.value(d.toString()));
            return w.endArray().endObject().toString();
        }
    }

    /**
     * Writes a zip of the local telemetry (queued, sent, local documents, status) to share with a bug
     * report. The machine id is replaced, and the installation secret is never included.
     */
    public Result export(Path target) {
        return export(target, false);
    }

    /**
     * As {@link #export(Path)}; with {@code withCollectorData}, the archive also holds what the collector
     * has for this installation ({@link #fetch()}), as {@code collector/held.json}, redacted the same way.
     */
    public Result export(Path target, boolean withCollectorData) {
        java.util.Objects.requireNonNull(target, "target");
        FetchResult held = withCollectorData ? fetch() : null;
        String machineId = ids().cachedMachineId().orElse(null);
        String ownerKey =
                ids().cachedOwnerKeys().map(OwnerProof.Keys::publicKey).orElse(null);
        try {
            AtomicFiles.ensureDirectory(target.toAbsolutePath().getParent());
            try (OutputStream os = Files.newOutputStream(target);
                    ZipOutputStream zip = new ZipOutputStream(os)) {
                entry(
                        zip,
                        "README.txt",
                        "Telemetry of " + t.toolId + " exported for a bug report.\n"
                                + "The machine id and the owner key are replaced by <REDACTED: ...>; the installation secret and the\n"
                                + "owner key's private half are not included.\n",
                        machineId,
                        ownerKey);
                entry(zip, "status.txt", String.join("\n", status().lines()) + "\n", machineId, ownerKey);
                int i = 0;
                for (SpoolQueue.Entry e : spool().all()) {
                    entry(zip, String.format("queued/%04d.json", i++), e.payload(), machineId, ownerKey);
                }
                entry(zip, "sent/telemetry.log", String.join("\n", trace().lines()), machineId, ownerKey);
                entry(
                        zip,
                        "sent/uploads.log",
                        String.join("\n", new UploadLog(stateDir()).lines()),
                        machineId,
                        ownerKey);
                for (Path doc : new LocalDocuments(stateDir(), Integer.MAX_VALUE).documents()) {
                    entry(zip, "local/" + doc.getFileName(), Files.readString(doc), machineId, ownerKey);
                }
                if (held != null && held.json() != null) {
                    entry(zip, "collector/held.json", held.json(), machineId, ownerKey);
                }
            }
            if (held != null) {
                return new Result(
                        true,
                        List.of(
                                "Wrote " + target,
                                (held.json() != null ? "With the collector's data: " : "Without the collector's data: ")
                                        + held.message()));
            }
            return new Result(true, List.of("Wrote " + target));
        } catch (IOException | RuntimeException e) {
            return new Result(
                    false,
                    List.of("Could not write " + target + ": " + e.getClass().getSimpleName()));
        }
    }

    /**
     * Adds one file to the export. Everything in it was scrubbed when it was written; what is added here
     * (status lines name settings files in the home folder) loses local paths and the machine id.
     */
    private void entry(ZipOutputStream zip, String name, String text, String machineId, String ownerKey)
            throws IOException {
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
        if (ownerKey != null) {
            redacted = redacted.replace(ownerKey, "<REDACTED: owner-key>");
        }
        redacted = redactMachineIds(redacted);
        zip.putNextEntry(new ZipEntry(name));
        zip.write(redacted.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static final String MACHINE_ID_ATTRIBUTE = attributePrefix(AttributeNames.MACHINE_ID);
    private static final String OWNER_KEY_ATTRIBUTE = attributePrefix(AttributeNames.OWNER_KEY);

    private static String attributePrefix(String key) {
        return "\"key\":\"" + key + "\",\"value\":{\"stringValue\":\"";
    }

    /**
     * Every machine id and owner key in OTLP payloads, whichever it was (one from before a forget, say),
     * redacted: an export is shared, and either would link it to this machine's events.
     */
    static String redactMachineIds(String text) {
        return redact(
                redact(text, MACHINE_ID_ATTRIBUTE, "<REDACTED: machine-id>"),
                OWNER_KEY_ATTRIBUTE,
                "<REDACTED: owner-key>");
    }

    private static String redact(String text, String attribute, String replacement) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int i = text.indexOf(attribute); i >= 0; i = text.indexOf(attribute, from)) {
            int start = i + attribute.length();
            int end = text.indexOf('"', start);
            if (end < 0) {
                break;
            }
            out.append(text, from, start).append(replacement);
            from = end;
        }
        return out.append(text, from, text.length()).toString();
    }

    /**
     * Asks the collector to delete every event of this machine, then resets the local ids and queue. The
     * request is signed with the installation's owner key: without it the collector cannot tell this
     * machine from someone who knows its id.
     */
    public ForgetResult forget() {
        if (t.localOnly) {
            return new ForgetResult(true, "This tool keeps telemetry local only; " + deleteLocalData());
        }
        InstallationIds ids = ids();
        Optional<String> machineId = ids.cachedMachineId();
        Optional<OwnerProof.Keys> keys = ids.cachedOwnerKeys();
        if (machineId.isEmpty()) {
            return new ForgetResult(true, "Nothing was ever sent from this machine; " + deleteLocalData());
        }
        if (keys.isEmpty()) {
            return new ForgetResult(
                    true,
                    "This installation has no owner key, so the collector cannot tell this machine's request from a"
                            + " stranger's: what an older version sent is deleted by the collector's retention. "
                            + resetAfterForget());
        }
        Signed signed = signedPost(FORGET_ROUTE, machineId.get(), keys.get(), 16 * 1024);
        if (signed.failure() != null) {
            return new ForgetResult(
                    false, "Not forgotten: " + signed.failure() + ". Local ids were kept so you can try again.");
        }
        // The collector does not say how many events it held: that would tell anyone who asks.
        return new ForgetResult(true, "The collector erased this machine's events. " + resetAfterForget());
    }

    /**
     * Asks the collector for everything it holds for this installation: its raw events within retention
     * and its rows of the daily aggregate, as the collector's JSON document. Signed as {@link #forget}.
     */
    public FetchResult fetch() {
        if (t.localOnly) {
            return new FetchResult(true, "This tool keeps telemetry local only: no collector holds anything.", null);
        }
        InstallationIds ids = ids();
        Optional<String> machineId = ids.cachedMachineId();
        Optional<OwnerProof.Keys> keys = ids.cachedOwnerKeys();
        if (machineId.isEmpty() || keys.isEmpty()) {
            return new FetchResult(
                    true,
                    machineId.isEmpty()
                            ? "Nothing was sent from this installation: it has no ids yet."
                            : "This installation has no owner key, so the collector cannot tell this machine's request"
                                    + " from a stranger's: what an older version sent cannot be asked for.",
                    null);
        }
        Signed signed = signedPost(ACCESS_ROUTE, machineId.get(), keys.get(), MAX_ACCESS_ANSWER);
        if (signed.failure() != null) {
            return new FetchResult(false, "Not fetched: " + signed.failure() + ".", null);
        }
        String json = signed.outcome().body();
        long events = JsonNumbers.field(json, "eventCount");
        long rows = JsonNumbers.field(json, "dailyRowCount");
        if (events < 0 || rows < 0 || !json.endsWith("}")) {
            return new FetchResult(
                    false, "Not fetched: the collector's answer is not a complete Candor access document.", null);
        }
        String summary = events == 0 && rows == 0
                ? "The collector holds nothing for this installation."
                : "The collector holds " + events + (events == 1 ? " event" : " events") + " of this installation"
                        + (JsonNumbers.truncated(json) ? " (the answer holds the newest of them)" : "") + " and "
                        + rows + " row" + (rows == 1 ? "" : "s") + " of daily counts.";
        return new FetchResult(true, summary, json);
    }

    private static final String FORGET_ROUTE = "/v1/forget";
    private static final String ACCESS_ROUTE = "/v1/access";
    private static final int MAX_ACCESS_ANSWER = 256 * 1024 * 1024;

    /** A signed request's outcome: the collector's 2xx answer, or what to tell the user. */
    private record Signed(OtlpHttpSender.Outcome outcome, String failure) {}

    private Signed signedPost(String route, String machineId, OwnerProof.Keys keys, int maxAnswer) {
        String base = t.config.variable(t.envPrefix() + "TELEMETRY_ENDPOINT").orElse(t.endpoint.toString());
        URI url;
        try {
            url = URI.create(Telemetry.collectorBase(URI.create(base)) + route);
            if (!Telemetry.Builder.isHttp(url) || url.getRawUserInfo() != null) {
                throw new IllegalArgumentException(); // as for sending: credentials never travel in the URL
            }
        } catch (IllegalArgumentException e) {
            return new Signed(null, "no valid collector endpoint is configured");
        }
        javax.net.ssl.SSLSocketFactory tls = null;
        Optional<Path> ca = t.trustedCertificates();
        if (ca.isPresent()) {
            try {
                tls = TrustedCertificates.withExtra(ca.get());
            } catch (IOException e) {
                return new Signed(null, "the telemetry CA file cannot be used (" + e.getMessage() + ")");
            }
        }
        long now = t.clock.instant().getEpochSecond();
        byte[] nonceBytes = new byte[16];
        new java.security.SecureRandom().nextBytes(nonceBytes);
        String nonce = java.util.HexFormat.of().formatHex(nonceBytes);
        String signature = OwnerProof.sign(
                keys.privateKey(), OwnerProof.message(route, t.toolId, machineId, keys.publicKey(), now, nonce));
        String body = "{\"machineId\":\"" + machineId + "\",\"ownerKey\":\"" + keys.publicKey() + "\",\"time\":" + now
                + ",\"nonce\":\"" + nonce + "\",\"signature\":\"" + signature + "\"}";
        OtlpHttpSender sender =
                new OtlpHttpSender(url, t.ingestKey, t.config.proxyFor(url), 5000, 60000, tls, maxAnswer);
        OtlpHttpSender.Outcome outcome = sender.post(body);
        if (outcome.kind() == OtlpHttpSender.Kind.DELIVERED) {
            return new Signed(outcome, null);
        }
        String said = outcome.collectorMessage();
        String why = outcome.status() < 0
                ? "could not reach the collector at " + url
                : outcome.status() == 404
                        ? "the collector at " + url + " does not support this request (HTTP 404)"
                        : "the collector answered HTTP " + outcome.status() + (said.isEmpty() ? "" : ": " + said);
        return new Signed(null, why);
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

    /**
     * Outcome of {@link #enable}, {@link #disable} and {@link #export}.
     *
     * @param ok       whether it was done
     * @param messages what to tell the user, one line each
     */
    public record Result(boolean ok, List<String> messages) {}

    /** Outcome of {@link #forget()}: whether it worked, and what to tell the user. */
    public record ForgetResult(boolean ok, String message) {}

    /**
     * Outcome of {@link #fetch()}: whether it worked, what to tell the user, and the collector's JSON
     * document ({@code null} when there is none: local only, no ids, or a failure).
     */
    public record FetchResult(boolean ok, String message, String json) {}
}
