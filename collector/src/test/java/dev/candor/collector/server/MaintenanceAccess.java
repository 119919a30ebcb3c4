package dev.candor.collector.server;

import dev.candor.collector.publish.Quarter;
import java.nio.file.Path;

/** Maintenance's package-private rules, for tests in other packages. */
public final class MaintenanceAccess {
    private MaintenanceAccess() {}

    /** See {@link Maintenance#publishedAfterTheEnd}. */
    public static boolean publishedAfterTheEnd(Path file, Quarter quarter) {
        return Maintenance.publishedAfterTheEnd(file, quarter);
    }
}
