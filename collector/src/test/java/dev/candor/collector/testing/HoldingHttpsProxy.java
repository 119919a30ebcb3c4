package dev.candor.collector.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS reverse proxy (a load balancer terminating TLS with the collector's own certificate) that
 * forwards each request to the collector at once but holds the collector's answer back until
 * {@link #release()}: the moment between a collector storing a batch and its sender hearing so, where
 * a sender killed loses the acknowledgement but must lose no event.
 */
public final class HoldingHttpsProxy implements AutoCloseable {
    private final HttpsServer server;
    private final CountDownLatch answerHeld = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private HoldingHttpsProxy(HttpsServer server) {
        this.server = server;
    }

    /**
     * @param serverTls the TLS identity to serve (the collector's keystore)
     * @param clientTls trust for the collector behind it
     */
    public static HoldingHttpsProxy start(URI collector, SSLContext serverTls, SSLContext clientTls)
            throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "holding-proxy");
            t.setDaemon(true);
            return t;
        }));
        HoldingHttpsProxy proxy = new HoldingHttpsProxy(server);
        server.createContext("/", exchange -> proxy.forward(exchange, collector, clientTls));
        server.start();
        return proxy;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Waits until the collector has answered a request (the answer waits here); false on timeout. */
    public boolean awaitAnswerHeld(long timeout, TimeUnit unit) throws InterruptedException {
        return answerHeld.await(timeout, unit);
    }

    /** From now on answers pass, held ones included. */
    public void release() {
        released.countDown();
    }

    private void forward(HttpExchange exchange, URI collector, SSLContext clientTls) throws IOException {
        try (exchange) {
            URL url = collector.resolve(exchange.getRequestURI().getPath()).toURL();
            HttpsURLConnection c = (HttpsURLConnection) url.openConnection(java.net.Proxy.NO_PROXY);
            c.setSSLSocketFactory(clientTls.getSocketFactory());
            c.setHostnameVerifier((host, session) -> true); // the collector's certificate names localhost
            ForwardingProxy.Answer answer = ForwardingProxy.call(exchange, c);
            if (released.getCount() > 0) {
                answerHeld.countDown();
                released.await();
            }
            ForwardingProxy.answer(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
