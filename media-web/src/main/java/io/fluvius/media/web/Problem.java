package io.fluvius.media.web;

import java.io.StringWriter;

import jakarta.json.Json;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The body of every error (RFC 9457 {@code application/problem+json}): the RFC's members plus the product's
 * stable {@code code}. {@code type} is {@code about:blank}, so {@code title} is the status's reason phrase.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "code"})
public record Problem(String type, String title, int status, String detail, String code) {

    public static final String MEDIA_TYPE_NAME = "application/problem+json";
    public static final MediaType MEDIA_TYPE = MediaType.valueOf(MEDIA_TYPE_NAME);

    public static Problem of(int status, String code, String detail) {
        return new Problem("about:blank", reasonPhrase(status), status, detail, code);
    }

    /** For an error the server itself raised (no route, no credentials, wrong method): its status says it all. */
    public static Problem ofStatus(int status) {
        return of(status, codeOf(status), detailOf(status));
    }

    /** The JSON body, for the answers written outside JAX-RS (the container's errors, refusals ahead of the servlets). */
    public String json() {
        var body = new StringWriter();
        try (JsonGenerator json = Json.createGenerator(body)) {
            json.writeStartObject()
                    .write("type", type)
                    .write("title", title)
                    .write("status", status)
                    .write("detail", detail)
                    .write("code", code)
                    .writeEnd();
        }
        return body.toString();
    }

    /** The stable code of an HTTP-level error, one that no product exception stands behind. */
    static String codeOf(int status) {
        return switch (status) {
            case 400 -> "http.bad-request";
            case 401 -> "http.unauthorized";
            case 403 -> "http.forbidden";
            case 404 -> "http.not-found";
            case 405 -> "http.method-not-allowed";
            case 406 -> "http.not-acceptable";
            case 408 -> "http.request-timeout";
            case 411 -> "http.length-required";
            case 412 -> "http.precondition-failed";
            case 413 -> "http.content-too-large";
            case 414 -> "http.uri-too-long";
            case 415 -> "http.unsupported-media-type";
            case 431 -> "http.headers-too-large";
            case 501 -> "http.not-implemented";
            case 503 -> "http.unavailable";
            default -> status >= 500 ? "media.internal" : "http." + status;
        };
    }

    static String detailOf(int status) {
        return switch (status) {
            case 400 -> "The request is malformed";
            case 401 -> "Authentication is required: HTTP BASIC with a user of the media security domain";
            case 403 -> "The authenticated user may not do this";
            case 404 -> "There is nothing at this address; the API lives under /media/api (see /openapi)";
            case 405 -> "This address does not support the request's method; the Allow header lists those it does";
            case 406 -> "None of the media types the Accept header lists can be produced here";
            case 412 -> "A precondition of the request (If-Match, If-Unmodified-Since) does not hold";
            case 413 -> "The request body is too large";
            case 415 -> "This address does not accept the request's Content-Type";
            default -> status >= 500 ? "The server could not complete the request" : "The request cannot be served";
        };
    }

    private static String reasonPhrase(int status) {
        var known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 501 -> "Not Implemented";
            case 507 -> "Insufficient Storage";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
