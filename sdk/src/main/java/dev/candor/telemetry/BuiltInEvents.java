package dev.candor.telemetry;

import static dev.candor.common.AttributeNames.*;

import java.util.Map;

/** Declarations of the events the SDK itself records. */
final class BuiltInEvents {
    private BuiltInEvents() {}

    static EventDefinition command(
            Map<String, String> valueOptions,
            Map<String, java.util.Set<String>> values,
            Map<String, String> fileOptions) {
        EventDefinition.Builder b = EventDefinition.builder(EventCatalog.COMMAND_EVENT)
                .level(TelemetryLevel.ALL)
                .purpose(Purpose.FEATURE_INSIGHT)
                .comment("One command run: which command, which options, how it ended and how long it took")
                .property(string(COMMAND_PATH, "Command path as declared by the tool (build, nuget push)"))
                .property(PropertyDefinition.builder(COMMAND_OPTIONS, PropertyType.STRING_ARRAY)
                        .comment("Names of the options used; never their values")
                        .build())
                .property(PropertyDefinition.builder(EXIT_CODE, PropertyType.LONG)
                        .purpose(Purpose.PERFORMANCE_AND_HEALTH)
                        .comment("Exit code of the command")
                        .build())
                .property(PropertyDefinition.builder(DURATION_MS, PropertyType.LONG)
                        .measurement(true)
                        .purpose(Purpose.PERFORMANCE_AND_HEALTH)
                        .comment("Duration of the command in ms")
                        .build());
        for (Map.Entry<String, String> e : valueOptions.entrySet()) {
            b.property(PropertyDefinition.builder(OPTION_VALUE_PREFIX + e.getKey(), PropertyType.STRING)
                    .allowedValues(values.getOrDefault(e.getKey(), java.util.Set.of()))
                    .comment("Allow-listed option value, one of a closed set (anything else is "
                            + PropertyDefinition.OTHER + "): " + e.getValue())
                    .build());
        }
        for (Map.Entry<String, String> e : fileOptions.entrySet()) {
            b.property(PropertyDefinition.builder(FILE_PREFIX + e.getKey() + FILE_HASH_SUFFIX, PropertyType.STRING)
                    .hashed()
                    .comment("Salted hash of the file name (not the path): " + e.getValue())
                    .build());
            b.property(string(
                    FILE_PREFIX + e.getKey() + FILE_SIZE_SUFFIX,
                    "File-size bucket (<10KB, 10KB-1MB, 1MB-10MB, 10MB-100MB, 100MB-1GB, >1GB, or missing): "
                            + e.getValue()));
        }
        return b.build();
    }

    static EventDefinition exception(String name, TelemetryLevel level, String comment) {
        return EventDefinition.builder(name)
                .level(level)
                .purpose(Purpose.PERFORMANCE_AND_HEALTH)
                .comment(comment + "; the exception message is never sent")
                .property(string(COMMAND_PATH, "Command that was running"))
                .property(PropertyDefinition.builder(EXCEPTION_TYPE, PropertyType.STRING)
                        .classification(Classification.CALLSTACK_OR_EXCEPTION)
                        .purpose(Purpose.PERFORMANCE_AND_HEALTH)
                        .comment("Exception class name, with causes' class names")
                        .build())
                .property(PropertyDefinition.builder(EXCEPTION_STACKTRACE, PropertyType.STRING)
                        .classification(Classification.CALLSTACK_OR_EXCEPTION)
                        .purpose(Purpose.PERFORMANCE_AND_HEALTH)
                        .comment("Stack frames scrubbed of user paths, without exception messages")
                        .build())
                .build();
    }

    private static PropertyDefinition string(String name, String comment) {
        return PropertyDefinition.builder(name, PropertyType.STRING)
                .comment(comment)
                .build();
    }
}
