package io.fluvius.media.web.tls;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import org.jboss.logging.Logger;

import io.fluvius.media.web.Problem;

/**
 * While HTTPS is required, answers every request that did not arrive over TLS with 403 {@code media.tls-required}
 * and hands the others on. It runs first in the web module's handler chain, ahead of authentication: a refused
 * request's credentials are never checked, so a wrong password over plain HTTP learns nothing either, and an
 * anonymous request gets no BASIC challenge inviting it to send a password in clear.
 * <p>
 * "Arrived over TLS" is Undertow's own notion ({@link HttpServerExchange#isSecure()}): the https listener, or a
 * listener behind a TLS-terminating proxy that the server is told to trust ({@code secure=true}, or
 * {@code proxy-address-forwarding=true} with the proxy's {@code X-Forwarded-Proto}).
 */
final class PlainHttpRefusal implements HttpHandler {

    static final String CODE = "media.tls-required";

    private static final Logger LOG = Logger.getLogger(PlainHttpRefusal.class);

    /** 403, not a redirect (a client would repeat the request, credentials included) nor 421 (which invites a retry). */
    private static final String BODY = Problem.of(403, CODE,
            "This API accepts requests over HTTPS only: send the request to its https:// address. Credentials sent"
                    + " with this one were not checked, and may have been read on the way").json();

    private final HttpHandler next;
    private final BooleanSupplier required;

    /** @param required asked at every request, so that the switch takes effect without a redeployment */
    PlainHttpRefusal(HttpHandler next, BooleanSupplier required) {
        this.next = next;
        this.required = required;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isSecure() || !required.getAsBoolean()) {
            next.handleRequest(exchange);
            return;
        }
        LOG.debugf("Refused %s %s over plain HTTP from %s: HTTPS is required", exchange.getRequestMethod(),
                exchange.getRequestPath(), exchange.getSourceAddress());
        exchange.setStatusCode(403);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Problem.MEDIA_TYPE_NAME + ";charset=UTF-8");
        exchange.getResponseSender().send(BODY, StandardCharsets.UTF_8);
    }
}
