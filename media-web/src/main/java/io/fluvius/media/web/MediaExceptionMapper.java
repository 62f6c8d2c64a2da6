package io.fluvius.media.web;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;
import java.util.UUID;

import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

import io.fluvius.media.core.ChecksumMismatchException;
import io.fluvius.media.core.DatabaseUnavailableException;
import io.fluvius.media.core.FilesystemUnavailableException;
import io.fluvius.media.core.InsufficientStorageException;
import io.fluvius.media.core.FilesystemExistsException;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaAccessDeniedException;
import io.fluvius.media.core.MediaException;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.MediaNotImplementedException;
import io.fluvius.media.core.MediaSourceException;
import io.fluvius.media.core.UploadExpiredException;
import io.fluvius.media.core.links.LinkRefusedException;
import io.fluvius.media.core.MediaTooLargeException;
import io.fluvius.media.web.http.RangeNotSatisfiableException;
import io.fluvius.media.web.upload.UploadTooSlowException;

/**
 * Every error as {@code application/problem+json} (RFC 9457), its status from one table (API.md §1).
 * Product errors keep their own code; the JAX-RS runtime's (no such route, wrong method, unacceptable types)
 * get an {@code http.*} code; anything else is a 500 that is logged with an incident id and says nothing of
 * the server's insides.
 */
@Provider
public class MediaExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(MediaExceptionMapper.class);

    private static final Map<Class<? extends MediaException>, Integer> STATUS = Map.ofEntries(
            Map.entry(InvalidMediaRequestException.class, 400),
            Map.entry(MediaSourceException.class, 400),
            Map.entry(MediaNotFoundException.class, 404),
            Map.entry(MediaAccessDeniedException.class, 403),
            Map.entry(LinkRefusedException.class, 403),
            Map.entry(UploadExpiredException.class, 408),
            Map.entry(UploadTooSlowException.class, 408),
            Map.entry(FilesystemExistsException.class, 409),
            Map.entry(MediaTooLargeException.class, 413),
            Map.entry(RangeNotSatisfiableException.class, 416),
            Map.entry(ChecksumMismatchException.class, 422),
            Map.entry(MediaIntegrityException.class, 500),
            Map.entry(MediaNotImplementedException.class, 501),
            Map.entry(FilesystemUnavailableException.class, 503),
            Map.entry(DatabaseUnavailableException.class, 503),
            Map.entry(InsufficientStorageException.class, 507));

    /** Headers of the runtime's own error responses that the problem keeps (405 must say what is allowed). */
    private static final String[] KEPT_HEADERS = {HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, "Retry-After"};

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable e = unwrap(thrown);
        UploadTooSlowException slow = slowUpload(e);
        if (slow != null) {
            // The client is still trickling its body: answer, and end the connection rather than drain it.
            return Response.fromResponse(product(slow, slow)).header("Connection", "close").build();
        }
        if (e instanceof MediaException media) {
            return product(e, media);
        }
        if (e instanceof EJBAccessException) {
            return respond(Problem.of(403, "media.access-denied", "The authenticated user may not do this")).build();
        }
        if (isMalformedJson(e)) {
            return respond(Problem.of(400, "media.malformed-json", "The request body is not the JSON this address expects"))
                    .build();
        }
        if (e instanceof WebApplicationException web) {
            return runtime(web.getResponse());
        }
        Problem unreadable = unreadableText(e);
        if (unreadable != null) {
            return respond(unreadable).build();
        }
        if (e instanceof IOException) {
            // Writing a download to a client that went away: nobody is left to read an answer.
            LOG.debugf("I/O error while answering, most likely the client disconnected: %s", e.toString());
            return respond(Problem.ofStatus(500)).build();
        }
        if (DatabaseUnavailableException.isCause(e)) {
            // Outside the EJB facade (jobs, link keys, the runtime itself): the same 503 as through it.
            var unavailable = new DatabaseUnavailableException("The database of entries cannot be reached", e);
            return product(unavailable, unavailable);
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return respond(Problem.of(500, "media.internal",
                "The server could not complete the request (incident " + incident + ")")).build();
    }

    private static Response product(Throwable e, MediaException media) {
        int status = statusOf(e.getClass());
        Problem problem;
        if (e instanceof InsufficientStorageException) {
            // The caller's to know (another filesystem may take the content), the operator's to fix: the message
            // names only the filesystem's key.
            LOG.warnf("%s: %s", media.code(), e.getMessage());
            problem = Problem.of(status, media.code(), e.getMessage());
        } else if (e instanceof DatabaseUnavailableException) {
            // An outage answers every request so: one line each (the EJB facade logged the driver's reason), no stack.
            LOG.warnf("%s: %s", media.code(), e.getMessage());
            problem = Problem.of(status, media.code(), "The database is unavailable; retry later");
        } else if (status >= 500 && status != 501) {
            // Integrity and availability messages name storage details: they go to the log, not to the caller.
            String incident = UUID.randomUUID().toString();
            LOG.errorf(e, "%s, incident %s: %s", media.code(), incident, e.getMessage());
            problem = Problem.of(status, media.code(),
                    "The server could not complete the request (" + media.code() + ", incident " + incident + ")");
        } else {
            problem = Problem.of(status, media.code(), e.getMessage());
        }
        var response = respond(problem);
        if (e instanceof RangeNotSatisfiableException range) {
            response.header("Content-Range", "bytes */" + range.completeLength());
        }
        return response.build();
    }

    private static int statusOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Integer status = STATUS.get(c);
            if (status != null) {
                return status;
            }
        }
        return 500;
    }

    private static Response runtime(Response original) {
        var response = respond(Problem.ofStatus(original.getStatus()));
        for (String name : KEPT_HEADERS) {
            String value = original.getHeaderString(name);
            if (value != null) {
                response.header(name, value);
            }
        }
        return response.build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /**
     * A body read as text that cannot be: its Content-Type names a charset this JVM does not know (415), or its
     * bytes are not valid in that charset (400). The readers report both as I/O errors, which are otherwise taken
     * for a client gone while its answer was written.
     */
    private static Problem unreadableText(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedEncodingException || c instanceof UnsupportedCharsetException
                    || c instanceof IllegalCharsetNameException) {
                return Problem.of(415, "http.unsupported-media-type",
                        "The charset that the request's Content-Type names is not one this server reads");
            }
            if (c instanceof CharacterCodingException) {
                return Problem.of(400, "http.bad-request",
                        "The request body is not valid text in the charset its Content-Type names");
            }
        }
        return null;
    }

    private static boolean isMalformedJson(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof JsonbException || c instanceof JsonException) {
                return true;
            }
        }
        return false;
    }

    /** The minimum rate's refusal, however the core wrapped it as the source's failure. */
    private static UploadTooSlowException slowUpload(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UploadTooSlowException slow) {
                return slow;
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while (current instanceof EJBException && !(current instanceof EJBAccessException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
