package dev.candor.collector.rights;

import dev.candor.collector.config.Setting;
import dev.candor.collector.server.CollectorServer;
import dev.candor.collector.testing.TestCollector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded store: the journal, DuckDB, its aggregate. */
class EmbeddedOwnerRightsTest extends OwnerRightsContract {
    @TempDir
    static Path dir;

    private static CollectorServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestCollector.start(dir, b -> b.set(Setting.OWNER_REQUESTS_PER_MINUTE, "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected URI collector() {
        return server.baseUri();
    }

    @Override
    protected void settle(java.util.List<java.util.UUID> acknowledged) {
        // An access request is answered after every batch acknowledged before it: nothing to wait for.
    }

    @Override
    protected Duration erasureDelay() {
        return Duration.ofSeconds(5);
    }
}
