package dev.candor.collector.server;

import dev.candor.collector.http.Replies;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * On a TLS collector, a request that arrived as plain HTTP (a client given {@code http://} for an
 * {@code https://} collector) gets a 400 that says so, and the connection is closed; nothing it sent
 * is read, handled or logged. Without this the client would read the bytes of a failed TLS handshake.
 */
final class PlainHttpRefusal extends Handler.Wrapper {
    static final String ANSWER = "400 Bad Request: this port speaks HTTPS only; use https:// in the endpoint\n";

    private final org.eclipse.jetty.server.Connector tlsConnector;

    /** Refuses plain HTTP that came through {@code tlsConnector} (an admin listener is plain on purpose). */
    PlainHttpRefusal(Handler next, org.eclipse.jetty.server.Connector tlsConnector) {
        super(next);
        this.tlsConnector = tlsConnector;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.isSecure() || request.getConnectionMetaData().getConnector() != tlsConnector) {
            return super.handle(request, response, callback);
        }
        response.getHeaders().remove(HttpHeader.STRICT_TRANSPORT_SECURITY); // meaningless over plain HTTP
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, ANSWER);
        return true;
    }
}
