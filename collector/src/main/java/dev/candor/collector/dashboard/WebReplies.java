package dev.candor.collector.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.collector.http.Replies;
import dev.candor.collector.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The dashboard's answers: security headers on every one, JSON, redirects and refusals. */
final class WebReplies {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private WebReplies() {}

    static void securityHeaders(Response response) {
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders()
                .put(
                        "Referrer-Policy",
                        "same-origin"); // no-referrer would make Chrome send "Origin: null" on our own POSTs
        response.getHeaders().put("Cross-Origin-Opener-Policy", "same-origin");
        response.getHeaders().put("Cross-Origin-Resource-Policy", "same-origin");
    }

    static void redirect(Response response, Callback callback, String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        Replies.send(response, callback, 303, "text/plain; charset=utf-8", new byte[0]);
    }

    static void methodNotAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        Replies.text(response, callback, 405, "method not allowed\n");
    }

    static void json(Response response, Callback callback, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            bytes = "{\"error\":\"could not encode the answer\"}".getBytes(StandardCharsets.UTF_8);
            status = 500;
        }
        Replies.send(response, callback, status, "application/json; charset=utf-8", bytes);
    }

    static ObjectNode error(String message) {
        return Json.MAPPER.createObjectNode().put("error", message);
    }
}
