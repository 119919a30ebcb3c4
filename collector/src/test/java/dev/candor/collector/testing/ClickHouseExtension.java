package dev.candor.collector.testing;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link ClickHouseServer} for a test class:
 * {@code @RegisterExtension static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();}
 */
public final class ClickHouseExtension implements BeforeAllCallback, AfterAllCallback {
    private ClickHouseServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = ClickHouseServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    public ClickHouseServer server() {
        return server;
    }

    public URI url() {
        return server.url();
    }
}
