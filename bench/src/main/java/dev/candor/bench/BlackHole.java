package dev.candor.bench;

import static dev.candor.bench.ForgeOverhead.LOOPBACK;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Accepts connections and never reads or answers: the POST is written into the socket buffer and the
 * client waits for a response that never comes. Sockets are held open until the end, like a stuck proxy.
 */
final class BlackHole implements Endpoint {
    private final ServerSocket server;
    private final List<Socket> held = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    private BlackHole(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "black-hole");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static BlackHole start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(LOOPBACK, 0), 1000);
        return new BlackHole(s);
    }

    private void acceptLoop() {
        int errorsInARow = 0;
        while (!server.isClosed() && errorsInARow < 100) {
            try {
                held.add(server.accept());
                errorsInARow = 0;
            } catch (IOException e) {
                errorsInARow++; // Closed (the loop ends) or out of descriptors (give up after a few).
            }
        }
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return held.size();
    }

    @Override
    public void close() {
        closeQuietly(server);
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (held) {
            held.forEach(BlackHole::closeQuietly);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing at the end; nothing to do about it.
        }
    }
}
