package io.fluvius.media.web;

import java.util.Map;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

import io.fluvius.media.core.ChecksumMismatchException;
import io.fluvius.media.core.FilesystemUnavailableException;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaAccessDeniedException;
import io.fluvius.media.core.MediaException;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.MediaSourceException;
import io.fluvius.media.core.MediaTooLargeException;

/** Every core error as application/problem+json (RFC 9457), its status from one table (API.md §1). */
@Provider
public class MediaExceptionMapper implements ExceptionMapper<RuntimeException> {

    static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");
    private static final Logger LOG = Logger.getLogger(MediaExceptionMapper.class);

    private static final Map<Class<? extends RuntimeException>, Integer> STATUS = Map.of(
            InvalidMediaRequestException.class, 400,
            MediaSourceException.class, 400,
            MediaNotFoundException.class, 404,
            MediaAccessDeniedException.class, 403,
            MediaTooLargeException.class, 413,
            ChecksumMismatchException.class, 422,
            MediaIntegrityException.class, 500,
            FilesystemUnavailableException.class, 503);

    @Override
    public Response toResponse(RuntimeException thrown) {
        RuntimeException e = unwrap(thrown);
        if (e instanceof MediaException media && STATUS.containsKey(e.getClass())) {
            int status = STATUS.get(e.getClass());
            if (status >= 500) {
                LOG.errorf(e, "%s: %s", media.code(), e.getMessage());
            }
            // Integrity and availability messages may name storage details: the body keeps to the code.
            String detail = status >= 500 ? "The server could not complete the request (" + media.code() + ")"
                    : e.getMessage();
            return problem(status, media.code(), detail);
        }
        if (e instanceof jakarta.ws.rs.WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return problem(status, "http." + status, web.getMessage());
        }
        LOG.errorf(e, "Unexpected error");
        return problem(500, "media.internal", "The server could not complete the request");
    }

    private static RuntimeException unwrap(RuntimeException e) {
        RuntimeException current = e;
        while (current instanceof EJBException && current.getCause() instanceof RuntimeException cause) {
            current = cause;
        }
        return current;
    }

    static Response problem(int status, String code, String detail) {
        var reason = Response.Status.fromStatusCode(status);
        var body = new Problem("about:blank", reason == null ? "Error" : reason.getReasonPhrase(), status, detail, code);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    /** The problem+json body: RFC 9457 members plus the product's stable {@code code}. */
    public record Problem(String type, String title, int status, String detail, String code) {
    }
}
