package io.fluvius.media.web;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.fluvius.media.core.EntryContent;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.LocalContent;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.web.http.ByteRange;
import io.fluvius.media.web.http.ContentDigest;
import io.fluvius.media.web.http.ContentDisposition;
import io.fluvius.media.web.http.ServingPolicy;
import io.fluvius.media.web.http.Validators;
import io.fluvius.media.web.http.ZeroCopy;

/**
 * The answer to a GET or HEAD of a file: validators and conditional requests, one range, the headers of
 * the representation. The bytes come from {@code body}, which is asked for them only when there are any
 * to send. Every answer says {@code nosniff}; a type off the {@link ServingPolicy}'s inline list goes out as a
 * sandboxed attachment whatever {@code disposition} asks.
 */
final class FileDownload {

    /** Per user (the request is authenticated); kept, but checked again with the ETag before each use. */
    static final String CACHE_CONTROL = "private, no-cache";

    private static final String NOSNIFF = "X-Content-Type-Options";
    private static final int COPY_BUFFER = 1024 * 1024;

    /** The bytes of a file, whole ({@code range} null) or one range, written when the response is. */
    @FunctionalInterface
    interface Body {
        StreamingOutput of(ByteRange range);
    }

    private FileDownload() {
    }

    /**
     * @param disposition {@code attachment}, {@code inline} or {@code null} (no Content-Disposition)
     * @param header      a request header by name, {@code null} when absent
     * @param body        the bytes, or {@code null} for a HEAD
     */
    static Response answer(MediaEntry entry, ServingPolicy policy, String disposition, UnaryOperator<String> header,
                           Body body) {
        String dispositionType = dispositionType(disposition);
        boolean active = !policy.mayServeInline(entry.getFilemime());
        if (active) {
            dispositionType = "attachment";
        }
        var validators = new Validators(entry.getFilehash(),
                entry.getUpdated() != null ? entry.getUpdated() : entry.getCreated());
        switch (validators.evaluate(header)) {
            case NOT_MODIFIED -> {
                return Response.notModified().header(NOSNIFF, "nosniff").header(HttpHeaders.ETAG, validators.etag())
                        .header(HttpHeaders.LAST_MODIFIED, validators.lastModifiedHeader())
                        .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
            }
            case PRECONDITION_FAILED -> throw new ClientErrorException(Response.Status.PRECONDITION_FAILED);
            default -> { }
        }
        var response = Response.ok()
                .header(HttpHeaders.CONTENT_TYPE, ServingPolicy.isSendable(entry.getFilemime())
                        ? entry.getFilemime() : "application/octet-stream")
                .header(NOSNIFF, "nosniff")
                .header(HttpHeaders.ETAG, validators.etag())
                .header(HttpHeaders.LAST_MODIFIED, validators.lastModifiedHeader())
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .header("Repr-Digest", ContentDigest.of(entry.getFilehash()));
        if (dispositionType != null) {
            response.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.of(dispositionType, entry.getFilename()));
        }
        if (active) {
            response.header("Content-Security-Policy", ServingPolicy.SANDBOX);
        }
        // Range handling is defined for GET only (RFC 9110 §14.2): a HEAD describes the whole file.
        Optional<ByteRange> range = body != null && validators.rangeApplies(header.apply("If-Range"))
                ? ByteRange.parse(header.apply("Range"), entry.getLength())
                : Optional.empty();
        if (range.isPresent()) {
            response.status(Response.Status.PARTIAL_CONTENT)
                    .header("Content-Range", range.get().contentRange(entry.getLength()))
                    .header(HttpHeaders.CONTENT_LENGTH, range.get().length());
        } else {
            response.header(HttpHeaders.CONTENT_LENGTH, entry.getLength());
        }
        if (body != null) {
            response.entity(body.of(range.orElse(null)));
        }
        return response.build();
    }

    /**
     * A body opened when the response is written, so that nothing is left open when it never is. A file stored
     * raw on a local directory goes out with zero copy ({@link ZeroCopy}); anything else streams. Either way from
     * the blob {@code content} looked up with its entry: writing the body looks nothing up again.
     */
    static Body streaming(EntryContent content) {
        return range -> out -> {
            Optional<ZeroCopy> zeroCopy = ZeroCopy.target(out);
            Optional<LocalContent> local = zeroCopy.isPresent() ? content.local() : Optional.empty();
            if (local.isPresent()) {
                try (LocalContent file = local.get()) {
                    zeroCopy.get().send(file, range == null ? 0 : range.first(),
                            range == null ? Long.MAX_VALUE : range.length());
                }
                return;
            }
            try (InputStream in = range == null ? content.open() : content.open(range.first(), range.length())) {
                long expected = range == null ? content.entry().getLength() : range.length();
                byte[] buffer = new byte[(int) Math.max(1, Math.min(COPY_BUFFER, expected))];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            }
        };
    }

    private static String dispositionType(String disposition) {
        if (disposition == null || disposition.isBlank()) {
            return null;
        }
        if (!disposition.equals("attachment") && !disposition.equals("inline")) {
            throw new InvalidMediaRequestException("disposition must be 'attachment' or 'inline', was '" + disposition + "'");
        }
        return disposition;
    }
}
