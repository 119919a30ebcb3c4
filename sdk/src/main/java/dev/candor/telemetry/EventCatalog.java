package dev.candor.telemetry;

import dev.candor.common.AttributeNames;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every event and property a tool may send, declared up front. The SDK adds the common properties
 * and its built-in events ({@value #COMMAND_EVENT}, {@value #ERROR_EVENT}, {@value #CRASH_EVENT});
 * the author adds tool events and says which command options may send their values.
 *
 * <pre>{@code
 * EventCatalog catalog = EventCatalog.builder()
 *     .allowOptionValue("auto-train", "--task", "Machine-learning task", "regression", "classification")
 *     .hashFileOption("auto-train", "--dataset", "Dataset file: name hashed, size bucketed")
 *     .event(EventDefinition.builder("template.created").comment("A project was created").build())
 *     .build();
 * }</pre>
 */
public final class EventCatalog {
    /** One per command run: path, option names, allow-listed values, exit code, duration. Level {@code all}. */
    public static final String COMMAND_EVENT = "cli.command";
    /** An unexpected error the tool handled: exception type and scrubbed stack. Level {@code error}. */
    public static final String ERROR_EVENT = "cli.error";
    /** An exception that ended the command: exception type and scrubbed stack. Level {@code crash}. */
    public static final String CRASH_EVENT = "cli.crash";

    private final List<PropertyDefinition> commonProperties;
    private final Map<String, EventDefinition> events;
    private final Map<String, Set<String>> valueOptions;
    private final Map<String, Set<String>> fileOptions;

    private EventCatalog(Builder b) {
        this.commonProperties = CommonProperties.DEFINITIONS;
        this.valueOptions = freeze(b.valueOptions);
        this.fileOptions = freeze(b.fileOptions);
        Map<String, EventDefinition> all = new LinkedHashMap<>();
        all.put(COMMAND_EVENT, BuiltInEvents.command(b.valueComments, b.values, b.fileComments));
        all.put(
                ERROR_EVENT,
                BuiltInEvents.exception(
                        ERROR_EVENT, TelemetryLevel.ERROR, "An unexpected error that the tool handled and reported"));
        all.put(
                CRASH_EVENT,
                BuiltInEvents.exception(CRASH_EVENT, TelemetryLevel.CRASH, "An exception that ended the command"));
        for (EventDefinition event : b.events.values()) {
            if (all.containsKey(event.name()) || event.name().startsWith("cli.")) {
                throw new IllegalArgumentException("event name is reserved by Candor: " + event.name());
            }
            all.put(event.name(), event);
        }
        this.events = Collections.unmodifiableMap(all);
    }

    /** A builder for a tool's catalog; the SDK's built-in {@code cli.*} events are always part of it. */
    public static Builder builder() {
        return new Builder();
    }

    /** The properties every event carries (resource attributes on the wire). */
    public List<PropertyDefinition> commonProperties() {
        return commonProperties;
    }

    /** Every event, built-in ones first, in declaration order. */
    public Map<String, EventDefinition> events() {
        return events;
    }

    /** The tool event of that name, if the catalog declares it. */
    public Optional<EventDefinition> event(String name) {
        return Optional.ofNullable(events.get(name));
    }

    /** True when the value of {@code option} may be sent for {@code commandPath}. */
    public boolean sendsValueOf(String commandPath, String option) {
        return valueOptions.getOrDefault(commandPath, Set.of()).contains(optionKey(option));
    }

    /**
     * What is sent for a value of an allow-listed option: the value when it is one of the option's
     * declared values, else {@value PropertyDefinition#OTHER}. Nothing typed freely is ever sent.
     */
    public String sentValueOf(String option, String value) {
        EventDefinition command = events.get(COMMAND_EVENT);
        for (PropertyDefinition p : command.properties().values()) {
            if (p.name().equals(AttributeNames.OPTION_VALUE_PREFIX + optionKey(option))) {
                return p.allowedValues().contains(value) ? value : PropertyDefinition.OTHER;
            }
        }
        return PropertyDefinition.OTHER;
    }

    /** True when {@code option} of {@code commandPath} names a file whose name is hashed and size bucketed. */
    public boolean hashesFileOf(String commandPath, String option) {
        return fileOptions.getOrDefault(commandPath, Set.of()).contains(optionKey(option));
    }

    /**
     * Every option the catalog names, by command path ({@code ""} for the root command) and as
     * {@link #optionKey} gives it: allow-listed and hashed alike. For checking the catalog against a
     * tool's command model (picocli's {@code CandorPicocli.install} does).
     */
    public Map<String, Set<String>> optionsByCommand() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Map<String, Set<String>> m : List.of(valueOptions, fileOptions)) {
            for (Map.Entry<String, Set<String>> e : m.entrySet()) {
                Set<String> keys = out.get(e.getKey());
                if (keys == null) { // a loop, not a lambda: this runs in every invocation of a picocli tool
                    keys = new HashSet<>();
                    out.put(e.getKey(), keys);
                }
                keys.addAll(e.getValue());
            }
        }
        return freeze(out);
    }

    /** {@code --task} and {@code -t} style names to the property suffix {@code task}. */
    public static String optionKey(String option) {
        int start = 0;
        while (start < option.length() && option.charAt(start) == '-') {
            start++;
        }
        char[] key = option.substring(start).toLowerCase(Locale.ROOT).toCharArray();
        for (int i = 0; i < key.length; i++) {
            char c = key[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                key[i] = '_';
            }
        }
        return new String(key);
    }

    private static Map<String, Set<String>> freeze(Map<String, Set<String>> map) {
        Map<String, Set<String>> copy = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : map.entrySet()) {
            copy.put(e.getKey(), Set.copyOf(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Builder; {@code build()} rejects clashing or malformed declarations. */
    public static final class Builder {
        private final Map<String, EventDefinition> events = new LinkedHashMap<>();
        private final Map<String, Set<String>> valueOptions = new HashMap<>();
        private final Map<String, Set<String>> fileOptions = new HashMap<>();
        private final Map<String, String> valueComments = new LinkedHashMap<>();
        private final Map<String, String> fileComments = new LinkedHashMap<>();
        private final Map<String, Set<String>> values = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Declares a tool event.
         *
         * @throws NullPointerException if {@code event} is null
         * @throws IllegalArgumentException if an event of that name is declared already
         */
        public Builder event(EventDefinition event) {
            java.util.Objects.requireNonNull(event, "event");
            if (events.putIfAbsent(event.name(), event) != null) {
                throw new IllegalArgumentException("event declared twice: " + event.name());
            }
            return this;
        }

        /**
         * Lets the value of one option of one command be sent when it is one of {@code values}, a closed
         * set of categories ({@code --task regression}); any other value is sent as
         * {@value PropertyDefinition#OTHER}. Values of every other option are never sent. An option
         * allow-listed for several commands shares one set: the union of what each declares.
         */
        public Builder allowOptionValue(String commandPath, String option, String comment, String... values) {
            java.util.Objects.requireNonNull(commandPath, "commandPath");
            java.util.Objects.requireNonNull(option, "option");
            java.util.Objects.requireNonNull(comment, "comment");
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException("option " + option + " of " + commandPath
                        + " needs its closed set of values: allowOptionValue(command, option, comment, \"a\", \"b\")");
            }
            register(valueOptions, valueComments, commandPath, option, comment);
            Set<String> set = this.values.computeIfAbsent(optionKey(option), k -> new java.util.LinkedHashSet<>());
            for (String v : values) {
                set.add(java.util.Objects.requireNonNull(v, "values"));
            }
            return this;
        }

        /** Sends, for a file-naming option, the salted hash of the file's name and a bucket of its size. */
        public Builder hashFileOption(String commandPath, String option, String comment) {
            java.util.Objects.requireNonNull(commandPath, "commandPath");
            java.util.Objects.requireNonNull(option, "option");
            java.util.Objects.requireNonNull(comment, "comment");
            register(fileOptions, fileComments, commandPath, option, comment);
            return this;
        }

        private static void register(
                Map<String, Set<String>> options,
                Map<String, String> comments,
                String commandPath,
                String option,
                String comment) {
            if (commandPath == null || commandPath.isBlank() || option == null || !option.startsWith("-")) {
                throw new IllegalArgumentException("need a command path and an option such as --task");
            }
            if (comment == null || comment.isBlank()) {
                throw new IllegalArgumentException("option " + option + " needs a comment saying what it is");
            }
            Set<String> forCommand = options.get(commandPath);
            if (forCommand == null) {
                forCommand = new HashSet<>();
                options.put(commandPath, forCommand);
            }
            String key = optionKey(option);
            if (!forCommand.add(key)) {
                throw new IllegalArgumentException("option " + option + " of " + commandPath + " is declared twice");
            }
            String earlier = comments.get(key);
            comments.put(key, earlier == null || earlier.equals(comment) ? comment : earlier + "; " + comment);
        }

        /**
         * The catalog.
         *
         * @throws IllegalArgumentException for an option declared twice for one command, or both allow-listed and hashed
         */
        public EventCatalog build() {
            for (Map.Entry<String, Set<String>> e : valueOptions.entrySet()) {
                for (String key : e.getValue()) {
                    if (fileOptions.getOrDefault(e.getKey(), Set.of()).contains(key)) {
                        throw new IllegalArgumentException("option " + key + " of " + e.getKey()
                                + " is both allow-listed and hashed: declare it once, as one or the other");
                    }
                }
            }
            return new EventCatalog(this);
        }
    }
}
