package dev.candor.forge;

import dev.candor.telemetry.testing.BlackHole;
import dev.candor.telemetry.testing.RecordingCollector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Collector endpoints in every condition a tool can meet on the network. */
enum Endpoints {
    UP,
    DOWN,
    BLACK_HOLE,
    ANSWERS_500,
    ANSWERS_429_WITH_RETRY_AFTER,
    GARBAGE,
    REDIRECT_LOOP;

    /** A running endpoint; {@link #awaitContact} tells whether the tool reached it (where that can be seen). */
    interface Endpoint extends AutoCloseable {
        URI url();

        boolean awaitContact(Duration timeout) throws InterruptedException;

        @Override
        void close() throws IOException;
    }

    Endpoint open() throws IOException {
        switch (this) {
            case UP:
                return recording(RecordingCollector.start());
            case DOWN:
                URI closed = closedPort();
                return endpoint(closed, t -> true, () -> {});
            case BLACK_HOLE:
                BlackHole hole = new BlackHole();
                return endpoint(hole.url(), t -> true, hole::close);
            case ANSWERS_500:
                RecordingCollector failing = RecordingCollector.start();
                for (int i = 0; i < 20; i++) {
                    failing.thenAnswer(500, Map.of(), "{\"error\":\"boom\"}");
                }
                return recording(failing);
            case ANSWERS_429_WITH_RETRY_AFTER:
                RecordingCollector throttling = RecordingCollector.start();
                for (int i = 0; i < 20; i++) {
                    throttling.thenAnswer(429, Map.of("Retry-After", "120"), "{}");
                }
                return recording(throttling);
            case GARBAGE:
                return garbage();
            default:
                RecordingCollector redirecting = RecordingCollector.start();
                for (int i = 0; i < 20; i++) {
                    redirecting.thenAnswer(302, Map.of("Location", redirecting.url() + "/v1/logs"), "");
                }
                return recording(redirecting);
        }
    }

    static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    private interface Contact {
        boolean await(Duration timeout) throws InterruptedException;
    }

    private interface Closer {
        void close() throws IOException;
    }

    private static Endpoint endpoint(URI url, Contact contact, Closer closer) {
        return new Endpoint() {
            @Override
            public URI url() {
                return url;
            }

            @Override
            public boolean awaitContact(Duration timeout) throws InterruptedException {
                return contact.await(timeout);
            }

            @Override
            public void close() throws IOException {
                closer.close();
            }
        };
    }

    private static Endpoint recording(RecordingCollector c) {
        return endpoint(c.url(), t -> c.awaitRequests(1, t), c::close);
    }

    /** Accepts, reads a little of the request, answers "NOT HTTP" and hangs up. */
    private static Endpoint garbage() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CountDownLatch contacted = new CountDownLatch(1);
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket s = server.accept()) {
                            contacted.countDown();
                            s.getInputStream().read(new byte[8192]);
                            OutputStream out = s.getOutputStream();
                            out.write("NOT HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } catch (IOException e) {
                            // closed, or the client gave up: next one
                        }
                    }
                },
                "garbage-endpoint");
        t.setDaemon(true);
        t.start();
        return endpoint(
                URI.create("http://127.0.0.1:" + server.getLocalPort()),
                timeout -> contacted.await(timeout.toMillis(), TimeUnit.MILLISECONDS),
                server::close);
    }
}
