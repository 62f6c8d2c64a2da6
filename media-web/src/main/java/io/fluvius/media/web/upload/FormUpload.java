package io.fluvius.media.web.upload;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import io.fluvius.media.core.ChecksumMismatchException;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.web.http.ContentDigest;

/**
 * A {@code multipart/form-data} upload read up to its file part: the options of the put from the text fields
 * (and the query), and the file's content, still streaming. Checks of the whole body (its closing
 * boundary, a request {@code Content-Digest}) run when the content reaches its end, so that a failure
 * fails the put while it reads and leaves no entry.
 *
 * @param options the put's options
 * @param content the file part's bytes, to be read to their end by the put
 */
public record FormUpload(PutOptions options, InputStream content) {

    /**
     * @param body          the request body
     * @param boundary      the boundary parameter of its Content-Type
     * @param requestDigest the request's {@code Content-Digest}: the whole body's, or {@code null}
     * @param fields        the fields given as query parameters; the form's are added
     */
    public static FormUpload read(InputStream body, String boundary, String requestDigest, UploadFields fields)
            throws IOException {
        Optional<String> expectedBody = ContentDigest.sha256Hex(requestDigest);
        MessageDigest sha256 = newSha256();
        var form = new MultipartFormStream(expectedBody.isPresent() ? new DigestInputStream(body, sha256) : body,
                boundary);
        for (var next = form.next(); next.isPresent(); next = form.next()) {
            MultipartFormStream.Part part = next.get();
            if (!part.name().equals("file")) {
                fields.set(part.name(), part.text(UploadFields.MAX_FIELD_BYTES));
                continue;
            }
            var options = fields.toOptions(part.filename().orElse(null), part.header("Content-Type"),
                    ContentDigest.sha256Hex(part.header("Content-Digest")).orElse(null));
            return new FormUpload(options, part.lastContent(() -> expectedBody.ifPresent(expected -> {
                String actual = HexFormat.of().formatHex(sha256.digest());
                if (!expected.equals(actual)) {
                    throw new ChecksumMismatchException(expected, actual);
                }
            })));
        }
        throw new InvalidMediaRequestException("media.file-required", "The form has no part named 'file'");
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
