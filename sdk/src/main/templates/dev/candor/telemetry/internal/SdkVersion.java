package dev.candor.telemetry.internal;

/** The SDK's version, written at build time from the pom's (src/main/templates; do not edit the copy). */
public final class SdkVersion {
    private SdkVersion() {}

    /** {@code major.minor.patch} of the project's version. */
    public static final String VALUE =
            "${parsedVersion.majorVersion}.${parsedVersion.minorVersion}.${parsedVersion.incrementalVersion}";
}
