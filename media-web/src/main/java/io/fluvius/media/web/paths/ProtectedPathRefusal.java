package io.fluvius.media.web.paths;

import java.nio.charset.StandardCharsets;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import io.fluvius.media.web.Problem;

/**
 * Answers a request for the web module's protected directories with the 404 problem+json that any other address
 * without a resource gets. Undertow refuses them itself with a bare 404 that no error page ever sees, so that its
 * default HTML page was the answer (found by the fault suite's hostile-input fuzzer).
 */
final class ProtectedPathRefusal implements HttpHandler {

    private static final String BODY = Problem.ofStatus(404).json();

    private final HttpHandler next;

    ProtectedPathRefusal(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!ProtectedPaths.isProtected(exchange.getRelativePath())) {
            next.handleRequest(exchange);
            return;
        }
        exchange.setStatusCode(404);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Problem.MEDIA_TYPE_NAME + ";charset=UTF-8");
        exchange.getResponseSender().send(BODY, StandardCharsets.UTF_8);
    }
}
