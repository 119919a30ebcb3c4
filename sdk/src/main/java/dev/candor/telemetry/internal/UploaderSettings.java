package dev.candor.telemetry.internal;

import dev.candor.telemetry.TelemetryLevel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the detached uploader needs to know, written by the run that starts it to {@code spool/.uploader}
 * (owner-only, like the rest of the state folder) and read by the uploader at its start: the tool's
 * resolved endpoint, key, proxy and trust, the level it may send at, and the JVM trust and proxy
 * properties the tool ran with. Living in the spool, it goes when the spool goes: after
 * {@code telemetry disable}, an opt-out or {@code forget}, an uploader finds no settings and sends nothing.
 *
 * <p>Lines of {@code name=value}; a backslash escapes a newline, a carriage return or itself.
 */
public record UploaderSettings(
        URI endpoint,
        String ingestKey,
        Optional<Proxy> proxy,
        Optional<Path> caFile,
        TelemetryLevel level,
        long spoolMaxBytes,
        int spoolMaxFiles,
        long batchDelayMillis,
        Map<String, String> jvmProperties) {
    static final String FILE = ".uploader";

    /** The JVM settings a tool may have been started with that decide where and how HTTPS connects. */
    private static final String[] FORWARDED_PROPERTIES = {
        "javax.net.ssl.trustStore",
        "javax.net.ssl.trustStorePassword",
        "javax.net.ssl.trustStoreType",
        "javax.net.ssl.trustStoreProvider",
        "https.proxyHost",
        "https.proxyPort",
        "http.proxyHost",
        "http.proxyPort",
        "http.nonProxyHosts",
        "java.net.useSystemProxies",
        "jdk.tls.client.protocols"
    };

    /** The names of {@link #FORWARDED_PROPERTIES}. */
    public static java.util.List<String> forwardedProperties() {
        return java.util.List.of(FORWARDED_PROPERTIES);
    }

    public UploaderSettings {
        jvmProperties = Map.copyOf(jvmProperties);
    }

    /** Writes the settings into the spool folder, replacing what an earlier run wrote. */
    void write(Path spoolDir) throws IOException {
        StringBuilder b = new StringBuilder(256);
        line(b, "endpoint", endpoint.toString());
        line(b, "key", ingestKey);
        line(
                b,
                "proxy",
                proxy.isEmpty() ? "jvm" : proxy.get().type() == Proxy.Type.DIRECT ? "direct" : address(proxy.get()));
        line(b, "ca", caFile.map(Path::toString).orElse(""));
        line(b, "level", level.id());
        line(b, "spool.bytes", Long.toString(spoolMaxBytes));
        line(b, "spool.files", Integer.toString(spoolMaxFiles));
        line(b, "delay", Long.toString(batchDelayMillis));
        for (Map.Entry<String, String> p : jvmProperties.entrySet()) {
            line(b, "jvm." + p.getKey(), p.getValue());
        }
        AtomicFiles.ensureDirectory(spoolDir);
        AtomicFiles.write(spoolDir.resolve(FILE), b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The settings in the spool folder; empty when there are none or they cannot be used. */
    static Optional<UploaderSettings> read(Path spoolDir) {
        try {
            Path f = spoolDir.resolve(FILE);
            if (!Files.isRegularFile(f) || Files.size(f) > 64 * 1024) {
                return Optional.empty();
            }
            Map<String, String> v = new LinkedHashMap<>();
            Map<String, String> jvm = new LinkedHashMap<>();
            for (String raw : Files.readString(f, StandardCharsets.UTF_8).split("\n", -1)) {
                int eq = raw.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = raw.substring(0, eq);
                String value = unescape(raw.substring(eq + 1));
                if (name.startsWith("jvm.")) {
                    jvm.put(name.substring(4), value);
                } else {
                    v.put(name, value);
                }
            }
            URI endpoint = URI.create(v.getOrDefault("endpoint", ""));
            String scheme = String.valueOf(endpoint.getScheme());
            Optional<TelemetryLevel> level = TelemetryLevel.parse(v.getOrDefault("level", ""));
            String key = v.getOrDefault("key", "");
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || endpoint.getHost() == null
                    || level.isEmpty()
                    || key.isEmpty()) {
                return Optional.empty();
            }
            String ca = v.getOrDefault("ca", "");
            return Optional.of(new UploaderSettings(
                    endpoint,
                    key,
                    proxy(v.getOrDefault("proxy", "jvm")),
                    ca.isEmpty() ? Optional.empty() : Optional.of(Path.of(ca)),
                    level.get(),
                    Long.parseLong(v.getOrDefault("spool.bytes", "1048576")),
                    Integer.parseInt(v.getOrDefault("spool.files", "500")),
                    Long.parseLong(v.getOrDefault("delay", "0")),
                    jvm));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Proxy> proxy(String value) {
        if (value.equals("jvm")) {
            return Optional.empty();
        }
        if (value.equals("direct")) {
            return Optional.of(Proxy.NO_PROXY);
        }
        int colon = value.lastIndexOf(':');
        return Optional.of(new Proxy(
                Proxy.Type.HTTP,
                InetSocketAddress.createUnresolved(
                        value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)))));
    }

    private static String address(Proxy p) {
        InetSocketAddress a = (InetSocketAddress) p.address();
        return a.getHostString() + ":" + a.getPort();
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(name).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        b.append('\n');
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
