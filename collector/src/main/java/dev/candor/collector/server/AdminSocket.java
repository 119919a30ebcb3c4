package dev.candor.collector.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running collector's local admin channel: a Unix domain socket, {@code <data-dir>/admin.sock},
 * inside the owner-only data folder, so only the collector's user (and root) can reach it; nothing of
 * it is on the network. One line in, one line out: {@code backup /path} answers {@code ok <summary>}
 * or {@code error <reason>}. Commands such as {@code candor backup} use it to act inside the process
 * that holds the store.
 */
public final class AdminSocket implements AutoCloseable {
    /** The socket's file name in the data folder. */
    public static final String FILE_NAME = "admin.sock";

    private static final Logger LOG = LoggerFactory.getLogger(AdminSocket.class);
    private static final int MAX_LINE = 4096;

    private final Path file;
    private final ServerSocketChannel channel;
    private final Thread thread;

    private AdminSocket(Path file, ServerSocketChannel channel, Function<String, String> handler) {
        this.file = file;
        this.channel = channel;
        this.thread = new Thread(() -> serve(handler), "candor-admin-socket");
        thread.setDaemon(true);
    }

    /**
     * Listens on {@code <dataDir>/admin.sock}; a socket file left by a collector that did not stop
     * cleanly is replaced (the store's lock, taken before, says no other collector runs here).
     */
    static AdminSocket start(Path dataDir, Function<String, String> handler) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        Files.deleteIfExists(file);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(file));
        AdminSocket s = new AdminSocket(file, channel, handler);
        s.thread.start();
        return s;
    }

    private void serve(Function<String, String> handler) {
        while (channel.isOpen()) {
            try (SocketChannel client = channel.accept()) {
                String request = readLine(client);
                String answer;
                try {
                    answer = request == null
                            ? "error the request is not one line of at most 4096 bytes"
                            : handler.apply(request);
                } catch (RuntimeException e) {
                    answer = "error " + e.getClass().getSimpleName();
                    LOG.error("admin request failed: {}", e.getClass().getSimpleName());
                }
                client.write(ByteBuffer.wrap((answer.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.warn("admin socket: {}", e.getClass().getSimpleName());
                }
            }
        }
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_LINE);
        while (buf.hasRemaining()) {
            if (client.read(buf) < 0) {
                break;
            }
            for (int i = 0; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return new String(buf.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    /**
     * Sends one request to the collector listening in {@code dataDir} and returns its answer line.
     *
     * @throws IOException when no collector listens there (none runs, or an older one)
     */
    public static String ask(Path dataDir, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(dataDir.resolve(FILE_NAME)))) {
            c.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (c.read(buf) >= 0) {
                answer.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return answer.toString(StandardCharsets.UTF_8).strip();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("admin socket did not close cleanly: {}", e.getClass().getSimpleName());
        }
    }
}
