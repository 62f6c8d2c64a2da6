package io.fluvius.media.web.auth;

import java.nio.charset.StandardCharsets;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import org.jboss.logging.Logger;

import io.fluvius.media.web.Problem;

/**
 * Answers a request whose BASIC credentials are not base64 with the 401 that wrong credentials get (problem+json,
 * {@code http.unauthorized}, the BASIC challenge) and hands every other request on. It runs ahead of the
 * container's authentication, whose BASIC mechanism throws on such a header, which made the request a 500.
 */
final class MalformedCredentialsRefusal implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(MalformedCredentialsRefusal.class);

    private static final String BODY = Problem.of(401, "http.unauthorized", "The Authorization header is not HTTP"
            + " BASIC credentials: after 'Basic ' it must carry user:password in base64").json();

    private final HttpHandler next;
    private final String challenge;

    /** @param realm the realm of the web module's BASIC login (web.xml), named in the challenge */
    MalformedCredentialsRefusal(HttpHandler next, String realm) {
        this.next = next;
        this.challenge = "Basic realm=\"" + realm + "\"";
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        for (String authorization : exchange.getRequestHeaders().eachValue(Headers.AUTHORIZATION)) {
            if (BasicCredentialsFormat.isMalformedBasic(authorization)) {
                LOG.debugf("Refused %s %s from %s: BASIC credentials that are not base64", exchange.getRequestMethod(),
                        exchange.getRequestPath(), exchange.getSourceAddress());
                exchange.setStatusCode(401);
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, challenge);
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Problem.MEDIA_TYPE_NAME + ";charset=UTF-8");
                exchange.getResponseSender().send(BODY, StandardCharsets.UTF_8);
                return;
            }
        }
        next.handleRequest(exchange);
    }
}
