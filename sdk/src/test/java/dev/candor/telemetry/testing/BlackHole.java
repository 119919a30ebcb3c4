package dev.candor.telemetry.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** An endpoint that accepts TCP connections and never answers: the worst network a tool can meet. */
public final class BlackHole implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new ArrayList<>();

    public BlackHole() throws IOException {
        socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        Thread t = new Thread(
                () -> {
                    try {
                        while (!socket.isClosed()) {
                            Socket s = socket.accept();
                            synchronized (held) {
                                held.add(s);
                            }
                        }
                    } catch (IOException e) {
                        // closed
                    }
                },
                "black-hole");
        t.setDaemon(true);
        t.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
