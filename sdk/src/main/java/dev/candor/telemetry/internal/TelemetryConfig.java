package dev.candor.telemetry.internal;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that reads the environment and system properties. Everything is taken from two maps
 * given at construction, so tests pass their own and never touch the real home directory.
 */
public final class TelemetryConfig {
    private final String toolId;
    private final String envPrefix;
    private final Map<String, String> env;
    private final Map<String, String> sysProps;

    private TelemetryConfig(String toolId, Map<String, String> env, Map<String, String> sysProps) {
        this.toolId = toolId;
        this.envPrefix = toolId.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        this.env = Map.copyOf(env);
        this.sysProps = Map.copyOf(sysProps);
    }

    public static TelemetryConfig of(String toolId, Map<String, String> env, Map<String, String> sysProps) {
        return new TelemetryConfig(toolId, env, sysProps);
    }

    public String toolId() {
        return toolId;
    }

    public Map<String, String> environment() {
        return env;
    }

    public Map<String, String> systemProperties() {
        return sysProps;
    }

    /** {@code FORGE_} for tool {@code forge}: the prefix of every tool-specific variable. */
    public String envPrefix() {
        return envPrefix;
    }

    /** A tool-specific variable such as {@code FORGE_TELEMETRY_OPTOUT}; blank counts as unset. */
    public Optional<String> toolVariable(String suffix) {
        return variable(envPrefix + suffix);
    }

    public Optional<String> variable(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public boolean flag(String suffix) {
        Optional<String> value = toolVariable(suffix);
        return value.isPresent() && isTrue(value.get());
    }

    static boolean isTrue(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes");
    }

    static boolean isFalse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("0") || v.equals("false") || v.equals("no");
    }

    String sysProp(String name, String fallback) {
        String value = sysProps.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    Path home() {
        return Path.of(sysProp("user.home", "."));
    }

    public Path workingDirectory() {
        return Path.of(sysProp("user.dir", "."));
    }

    private String osName() {
        return sysProp("os.name", "").toLowerCase(Locale.ROOT);
    }

    private boolean isWindows() {
        return osName().startsWith("windows");
    }

    private boolean isMac() {
        return osName().startsWith("mac") || osName().startsWith("darwin");
    }

    /** {@code <TOOL>_TELEMETRY_HOME}, else the platform's state folder for this tool. */
    public Path stateDir() {
        Optional<String> override = toolVariable("TELEMETRY_HOME");
        if (override.isPresent()) {
            return Path.of(override.get());
        }
        if (isWindows()) {
            return windowsFolder("LOCALAPPDATA", "AppData/Local")
                    .resolve(toolId)
                    .resolve("telemetry");
        }
        if (isMac() && variable("XDG_STATE_HOME").isEmpty()) {
            return home().resolve("Library/Application Support").resolve(toolId).resolve("telemetry");
        }
        return xdg("XDG_STATE_HOME", ".local/state").resolve(toolId).resolve("telemetry");
    }

    /** The tool's own settings file. */
    public Path toolSettingsFile() {
        return configRoot().resolve(toolId).resolve("telemetry.properties");
    }

    /** The consent file shared by every Candor-instrumented tool on this machine. */
    public Path machineConsentFile() {
        return configRoot().resolve("candor").resolve("consent.properties");
    }

    private Path configRoot() {
        if (isWindows()) {
            return windowsFolder("APPDATA", "AppData/Roaming");
        }
        if (isMac() && variable("XDG_CONFIG_HOME").isEmpty()) {
            return home().resolve("Library/Preferences");
        }
        return xdg("XDG_CONFIG_HOME", ".config");
    }

    private Path windowsFolder(String variable, String fallback) {
        Optional<String> value = variable(variable);
        return value.isPresent() ? Path.of(value.get()) : home().resolve(fallback);
    }

    private Path xdg(String variable, String fallback) {
        Optional<String> value = variable(variable);
        if (value.isPresent()) {
            Path p = Path.of(value.get());
            if (p.isAbsolute()) {
                return p;
            }
        }
        return home().resolve(fallback);
    }

    /**
     * The proxy for an endpoint from the conventional variables ({@code HTTPS_PROXY}, {@code HTTP_PROXY},
     * {@code NO_PROXY}, either case). Empty means: use the JVM's own proxy settings (system properties).
     */
    public Optional<Proxy> proxyFor(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        String noProxy = firstOf("NO_PROXY", "no_proxy").orElse("");
        for (String entry : noProxy.split(",")) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.equals("*")
                    || (!e.isEmpty()
                            && (host.equals(e.replaceFirst("^\\.", ""))
                                    || host.endsWith(e.startsWith(".") ? e : "." + e)))) {
                return Optional.of(Proxy.NO_PROXY);
            }
        }
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        Optional<String> proxy = https ? firstOf("HTTPS_PROXY", "https_proxy") : firstOf("HTTP_PROXY", "http_proxy");
        return proxy.isPresent() ? parseProxy(proxy.get()) : Optional.empty();
    }

    private Optional<String> firstOf(String name, String otherName) {
        Optional<String> value = variable(name);
        return value.isPresent() ? value : variable(otherName);
    }

    private static Optional<Proxy> parseProxy(String value) {
        try {
            URI uri = URI.create(value.contains("://") ? value : "http://" + value);
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            return Optional.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
