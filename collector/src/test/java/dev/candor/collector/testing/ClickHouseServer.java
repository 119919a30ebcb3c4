package dev.candor.collector.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real ClickHouse server (Debian's {@code clickhouse-server}, which bin/test installs) for one test
 * class: its own folder, 127.0.0.1 only, free ports, no password for {@code default} from loopback.
 * It can be stopped and started again on the same folder and ports, for fault tests.
 */
@SuppressWarnings("try") // close() waits for the server process to end, which may be interrupted
public final class ClickHouseServer implements AutoCloseable {
    private static final List<String> BINARIES = List.of("/usr/bin/clickhouse-server", "/usr/sbin/clickhouse-server");

    private final Path dir;
    private final int httpPort;
    private Process process;

    private ClickHouseServer(Path dir, int httpPort) {
        this.dir = dir;
        this.httpPort = httpPort;
    }

    public static ClickHouseServer start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("candor-clickhouse");
        int http = freePort();
        int tcp = freePort();
        Files.writeString(dir.resolve("config.xml"), """
                <?xml version="1.0"?>
                <yandex>
                  <logger><level>warning</level><log>%1$s/server.log</log><errorlog>%1$s/server.err.log</errorlog>
                    <size>10M</size><count>1</count></logger>
                  <listen_host>127.0.0.1</listen_host>
                  <http_port>%2$d</http_port>
                  <tcp_port>%3$d</tcp_port>
                  <path>%1$s/data/</path>
                  <tmp_path>%1$s/tmp/</tmp_path>
                  <user_files_path>%1$s/user_files/</user_files_path>
                  <format_schema_path>%1$s/format_schemas/</format_schema_path>
                  <users_config>users.xml</users_config>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <mark_cache_size>67108864</mark_cache_size>
                  <max_concurrent_queries>50</max_concurrent_queries>
                </yandex>
                """.formatted(dir, http, tcp));
        Files.writeString(dir.resolve("users.xml"), """
                <?xml version="1.0"?>
                <yandex>
                  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
                  <users><default><password></password><networks><ip>127.0.0.1</ip></networks>
                    <profile>default</profile><quota>default</quota></default></users>
                  <quotas><default></default></quotas>
                </yandex>
                """);
        ClickHouseServer server = new ClickHouseServer(dir, http);
        server.startAgain();
        return server;
    }

    /** Starts the server (again) on its folder and ports, and waits until it answers /ping. */
    public void startAgain() throws IOException, InterruptedException {
        String binary = BINARIES.stream()
                .filter(b -> Files.isExecutable(Path.of(b)))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("clickhouse-server is not installed (bin/test installs it: "
                                + "apt-get install clickhouse-server)"));
        process = new ProcessBuilder(binary, "--config-file=" + dir.resolve("config.xml"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.log").toFile())
                .start();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(url().resolve("/ping"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().startsWith("Ok.")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "clickhouse-server did not start; see " + dir.resolve("console.log") + " and server.err.log");
            }
            Thread.sleep(50);
        }
    }

    /** Stops the server as an operator would (SIGTERM), and waits for it to be gone. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
