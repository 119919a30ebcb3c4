package dev.candor.telemetry;

import static dev.candor.common.AttributeNames.*;

import java.util.List;

/** Declarations of the properties every event carries. */
final class CommonProperties {
    static final List<PropertyDefinition> DEFINITIONS = List.of(
            meta(SERVICE_NAME, PropertyType.STRING, "Tool id"),
            meta(SERVICE_VERSION, PropertyType.STRING, "Tool version"),
            meta(
                    SESSION_ID,
                    PropertyType.STRING,
                    "Random id of one invocation, shared with child processes of the same tool; not stored on disk"),
            meta(OS_TYPE, PropertyType.STRING, "Operating system family: linux, darwin, windows, freebsd ..."),
            meta(OS_VERSION, PropertyType.STRING, "Operating system (kernel) version"),
            meta(HOST_ARCH, PropertyType.STRING, "CPU architecture: amd64, arm64 ..."),
            meta(RUNTIME_ID, PropertyType.STRING, "Runtime id as the .NET CLI: linux-x64, osx-arm64, win-x64 ..."),
            meta(JAVA_VERSION, PropertyType.STRING, "Java runtime version"),
            meta(CONTAINER, PropertyType.STRING, "Container the tool runs in: none, docker, podman, kubernetes ..."),
            meta(CI, PropertyType.BOOLEAN, "Whether the tool runs in a continuous-integration system"),
            meta(CI_PROVIDER, PropertyType.STRING, "Which CI system (github-actions, gitlab ...), or none"),
            meta(OUTPUT_REDIRECTED, PropertyType.BOOLEAN, "Whether standard output is redirected (no console)"),
            PropertyDefinition.builder(MACHINE_ID, PropertyType.STRING)
                    .classification(Classification.END_USER_PSEUDONYMIZED_INFORMATION)
                    .endpoint(DataEndpoint.MAC_ADDRESS_HASH)
                    .purpose(Purpose.BUSINESS_INSIGHT)
                    .comment("SHA-256 of the first real network adapter's MAC address (a random UUID where there is"
                            + " none); hashed again by the collector with its secret before storage; never published")
                    .build(),
            PropertyDefinition.builder(OWNER_KEY, PropertyType.STRING)
                    .classification(Classification.END_USER_PSEUDONYMIZED_INFORMATION)
                    .purpose(Purpose.PERFORMANCE_AND_HEALTH)
                    .comment("Public half of this installation's owner key: only the holder of its private half,"
                            + " which never leaves the machine, can see or erase what the collector holds for it;"
                            + " folded by the collector into the stored machine hash, never stored itself")
                    .build(),
            PropertyDefinition.builder(CWD_HASH, PropertyType.STRING)
                    .classification(Classification.END_USER_PSEUDONYMIZED_INFORMATION)
                    .comment("Current directory, hashed with this installation's secret so it cannot be reversed")
                    .build(),
            meta(SDK_NAME, PropertyType.STRING, "Always candor"),
            meta(SDK_LANGUAGE, PropertyType.STRING, "Always java"),
            meta(SDK_VERSION, PropertyType.STRING, "Version of the Candor SDK"));

    private CommonProperties() {}

    private static PropertyDefinition meta(String name, PropertyType type, String comment) {
        return PropertyDefinition.builder(name, type)
                .purpose(Purpose.PERFORMANCE_AND_HEALTH)
                .comment(comment)
                .build();
    }
}
