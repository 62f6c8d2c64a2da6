package io.fluvius.media.web.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

import jakarta.servlet.ServletOutputStream;

import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.servlet.spec.ServletOutputStreamImpl;

import io.fluvius.media.core.LocalContent;

/**
 * Sends a local file as a response body through Undertow's own transfer, which hands the file to the
 * kernel ({@code sendfile}): the bytes never pass through the JVM, as with a static-file server. Only
 * where the servlet container is Undertow (WildFly); elsewhere {@link #target} is empty and the caller
 * streams.
 */
public final class ZeroCopy {

    private final OutputStream entityStream;
    private final ServletOutputStreamImpl body;
    private boolean started;

    private ZeroCopy(OutputStream entityStream, ServletOutputStreamImpl body) {
        this.entityStream = entityStream;
        this.body = body;
    }

    /**
     * The current request's body, when the container is Undertow.
     *
     * @param entityStream what JAX-RS hands the entity writer: flushing it sends the status line and the
     *                     headers, which must precede a body written past it
     */
    public static Optional<ZeroCopy> target(OutputStream entityStream) throws IOException {
        ServletRequestContext context = ServletRequestContext.current();
        if (context == null) {
            return Optional.empty();
        }
        // The container's own stream: JAX-RS hands out wrappers that only stream.
        ServletOutputStream out = context.getOriginalResponse().getOutputStream();
        return out instanceof ServletOutputStreamImpl undertow
                ? Optional.of(new ZeroCopy(entityStream, undertow))
                : Optional.empty();
    }

    /** Sends {@code count} bytes from {@code offset} of {@code content} (the whole of it, checked, from 0). */
    public void send(LocalContent content, long offset, long count) throws IOException {
        content.transfer(offset, count, window -> {
            if (!started) {
                // Only once the first window passed its check: a failure before that is still an error
                // response, not a cut-off body.
                entityStream.flush();
                started = true;
            }
            body.transferFrom(window);
        });
    }
}
