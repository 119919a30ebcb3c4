package dev.candor.common;

/**
 * The attribute names Candor puts on the wire (OTLP logs). OpenTelemetry semantic-convention names
 * where one exists, {@code candor.*} where none does. docs/WIRE.md lists each with its meaning.
 */
public final class AttributeNames {
    // Resource attributes: the common properties, one set per run.
    public static final String SERVICE_NAME = "service.name";
    public static final String SERVICE_VERSION = "service.version";
    public static final String SESSION_ID = "session.id";
    public static final String OS_TYPE = "os.type";
    public static final String OS_VERSION = "os.version";
    public static final String HOST_ARCH = "host.arch";
    public static final String RUNTIME_ID = "candor.runtime.id";
    public static final String JAVA_VERSION = "process.runtime.version";
    public static final String CONTAINER = "candor.container";
    public static final String CI = "candor.ci";
    public static final String CI_PROVIDER = "candor.ci.provider";
    public static final String OUTPUT_REDIRECTED = "candor.output.redirected";
    public static final String MACHINE_ID = "candor.machine.id";
    public static final String CWD_HASH = "candor.cwd.hash";
    /** The public half of the installation's owner key (see {@link OwnerProof}); never stored by the collector. */
    public static final String OWNER_KEY = "candor.owner.key";

    public static final String SDK_NAME = "telemetry.sdk.name";
    public static final String SDK_LANGUAGE = "telemetry.sdk.language";
    public static final String SDK_VERSION = "telemetry.sdk.version";

    // Log record attributes.
    public static final String RECORD_UID = "log.record.uid";
    public static final String COMMAND_PATH = "command.path";
    public static final String COMMAND_OPTIONS = "command.options";
    public static final String EXIT_CODE = "process.exit.code";
    public static final String DURATION_MS = "command.duration_ms";
    public static final String OPTION_VALUE_PREFIX = "command.option.";
    public static final String FILE_PREFIX = "command.file.";
    public static final String FILE_HASH_SUFFIX = ".hash";
    public static final String FILE_SIZE_SUFFIX = ".size_bucket";
    public static final String EXCEPTION_TYPE = "exception.type";
    public static final String EXCEPTION_STACKTRACE = "exception.stacktrace";

    private AttributeNames() {}
}
