package dev.candor.collector.server;

import dev.candor.collector.config.ConfigException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * What a start checks of {@code host} and {@code port} before it writes anything: the host is an
 * address (or a name) of this machine and the port is free. The listener itself binds later; this only
 * turns the two common mistakes into a message that names the setting.
 */
public final class ListenCheck {
    private ListenCheck() {}

    /**
     * Checks that {@code host:port} can be bound (port 0: any free port, always).
     *
     * @throws ConfigException naming {@code host} or {@code port}
     */
    public static void check(String host, int port) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new ConfigException("host: '" + host + "' is not an address or a name this machine can resolve");
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (why.contains("assign") || why.contains("not available")) {
                throw new ConfigException("host: " + host + " is not an address of this machine");
            }
            throw new ConfigException("port: " + port + " on " + host + " is in use by another process"
                    + (port < 1024 ? " (or needs privileges below 1024)" : ""));
        } catch (IOException | SecurityException e) {
            throw new ConfigException("cannot listen on " + host + ":" + port + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
