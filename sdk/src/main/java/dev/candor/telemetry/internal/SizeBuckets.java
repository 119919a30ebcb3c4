package dev.candor.telemetry.internal;

/** File-size buckets, as the ML.NET CLI sends a dataset's size: coarse enough not to fingerprint a file. */
public final class SizeBuckets {
    private SizeBuckets() {}

    public static String of(long bytes) {
        if (bytes < 10L * 1024) {
            return "<10KB";
        }
        if (bytes < 1024L * 1024) {
            return "10KB-1MB";
        }
        if (bytes < 10L * 1024 * 1024) {
            return "1MB-10MB";
        }
        if (bytes < 100L * 1024 * 1024) {
            return "10MB-100MB";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return "100MB-1GB";
        }
        return ">1GB";
    }
}
