package io.fluvius.media.web.upload;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.web.http.ContentDisposition;

/**
 * A {@code multipart/form-data} body (RFC 7578) read as it arrives, one part after the other, with one
 * fixed buffer: a part's content is handed on while it is being received, so a file part of any size
 * streams straight into the store without a temporary copy in memory or on disk.
 * <p>
 * Everything that is not the file's content (preamble, part headers, text fields, boundaries, epilogue) is
 * the form's <em>overhead</em> and may not exceed {@link #OVERHEAD_LIMIT}: the fields are kept in memory,
 * and a body longer than {@code max-file-size + OVERHEAD_LIMIT} must therefore carry a file that is too
 * large.
 */
public final class MultipartFormStream {

    /** The most bytes outside the file content one form may have. */
    public static final int OVERHEAD_LIMIT = 1 << 20;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private enum State { PREAMBLE, CONTENT, AFTER_DELIMITER, DONE }

    private final InputStream in;
    /** CRLF "--" boundary: what ends every part's content. */
    private final byte[] delimiter;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int pos;
    private int end;
    /** Buffer index before which no delimiter starts (between pos and end). */
    private int scanFrom;
    private boolean eof;
    private long overhead;
    private State state = State.PREAMBLE;
    private Part current;

    /**
     * @param in       the request body; not closed
     * @param boundary the {@code boundary} parameter of the request's Content-Type
     */
    public MultipartFormStream(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw invalid("multipart/form-data needs a boundary parameter of 1 to 70 characters");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first boundary has no CRLF before it: supply one, so that one search finds them all.
        System.arraycopy(CRLF, 0, buffer, 0, CRLF.length);
        end = CRLF.length;
    }

    /** The next part, or empty after the last one. The previous part's unread content is skipped. */
    public Optional<Part> next() throws IOException {
        if (current != null) {
            current.skipRest();
            current = null;
        }
        if (state == State.PREAMBLE) {
            skipContent();
        }
        if (state == State.DONE) {
            return Optional.empty();
        }
        if (readDelimiterTail()) {
            skipEpilogue();
            return Optional.empty();
        }
        current = new Part(readHeaders());
        state = State.CONTENT;
        return Optional.of(current);
    }

    /** One part: its headers now, its content as it is read. */
    public final class Part {

        private final Map<String, String> headers;
        private final String name;

        private Part(Map<String, String> headers) {
            this.headers = headers;
            String disposition = headers.get("content-disposition");
            this.name = ContentDisposition.formFieldName(disposition)
                    .orElseThrow(() -> invalid("Every part of multipart/form-data needs a Content-Disposition with a name"));
        }

        /** The form field's name. */
        public String name() {
            return name;
        }

        /** The part's file name, when it is a file. */
        public Optional<String> filename() {
            return ContentDisposition.filename(headers.get("content-disposition"));
        }

        /** A header of the part by name (case-insensitive), or {@code null}. */
        public String header(String headerName) {
            return headers.get(headerName.toLowerCase(Locale.ROOT));
        }

        /**
         * The content, as text of at most {@code maxBytes} bytes in the part's charset (UTF-8 by default).
         * Text counts against the form's overhead.
         */
        public String text(int maxBytes) throws IOException {
            byte[] bytes = new byte[Math.min(maxBytes + 1, 8 * 1024)];
            int length = 0;
            for (int n; (n = readContent(bytes, length, bytes.length - length, true)) >= 0; ) {
                length += n;
                if (length > maxBytes) {
                    throw invalid("The form field '" + name + "' is longer than " + maxBytes + " bytes");
                }
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.min(bytes.length * 2, maxBytes + 1));
                }
            }
            return new String(bytes, 0, length, charset());
        }

        /**
         * The content as a stream that must be the form's last part: at its end the closing boundary must
         * follow (else the read fails), the epilogue is read, and {@code onComplete} runs before the
         * stream reports its end, so that a check of the whole body can still fail the read.
         */
        public InputStream lastContent(Runnable onComplete) {
            return new InputStream() {
                private boolean ended;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (ended) {
                        return -1;
                    }
                    if (len == 0) {
                        return 0;
                    }
                    int n = readContent(b, off, len, false);
                    if (n < 0) {
                        ended = true;
                        if (!readDelimiterTail()) {
                            throw invalid("The file part must be the last part of the form: send the other fields"
                                    + " before it, or as query parameters");
                        }
                        skipEpilogue();
                        onComplete.run();
                    }
                    return n;
                }
            };
        }

        private void skipRest() throws IOException {
            if (state == State.CONTENT) {
                skipContent();
            }
        }

        private Charset charset() {
            String type = headers.get("content-type");
            int at = type == null ? -1 : type.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at < 0) {
                return StandardCharsets.UTF_8;
            }
            String name = type.substring(at + "charset=".length()).split(";")[0].trim().replace("\"", "");
            try {
                return Charset.forName(name);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw invalid("Unknown charset '" + name + "' in the part '" + this.name + "'");
            }
        }
    }

    /**
     * Reads content of the current part; -1 once its delimiter has been reached (and consumed).
     *
     * @param overheadCounted whether these bytes count against {@link #OVERHEAD_LIMIT}
     */
    private int readContent(byte[] b, int off, int len, boolean overheadCounted) throws IOException {
        if (state != State.CONTENT && state != State.PREAMBLE) {
            return -1;
        }
        while (true) {
            int found = findDelimiter();
            if (found == pos) {
                pos += delimiter.length;
                countOverhead(delimiter.length);
                state = State.AFTER_DELIMITER;
                return -1;
            }
            int safeEnd = found >= 0 ? found : end - delimiter.length + 1;
            if (safeEnd > pos) {
                int n = Math.min(len, safeEnd - pos);
                System.arraycopy(buffer, pos, b, off, n);
                pos += n;
                if (overheadCounted) {
                    countOverhead(n);
                }
                return n;
            }
            if (eof) {
                // Within the file this is the client's broken upload (the store reports it); elsewhere a bad form.
                String message = "The multipart body ends before its closing boundary";
                if (overheadCounted) {
                    throw invalid(message);
                }
                throw new EOFException(message);
            }
            fill();
        }
    }

    private void skipContent() throws IOException {
        byte[] scratch = new byte[8 * 1024];
        while (readContent(scratch, 0, scratch.length, true) >= 0) {
            // discard
        }
    }

    /** After a delimiter: {@code true} for the closing "--", {@code false} for a CRLF before another part. */
    private boolean readDelimiterTail() throws IOException {
        require(2);
        if (buffer[pos] == '-' && buffer[pos + 1] == '-') {
            pos += 2;
            countOverhead(2);
            state = State.DONE;
            return true;
        }
        while (true) { // transport padding: spaces and tabs before the CRLF
            require(1);
            if (buffer[pos] != ' ' && buffer[pos] != '\t') {
                break;
            }
            pos++;
            countOverhead(1);
        }
        require(2);
        if (buffer[pos] != '\r' || buffer[pos + 1] != '\n') {
            throw invalid("A multipart boundary must be followed by CRLF or '--'");
        }
        pos += 2;
        countOverhead(2);
        return false;
    }

    private Map<String, String> readHeaders() throws IOException {
        var headers = new LinkedHashMap<String, String>();
        String last = null;
        int total = 0;
        while (true) {
            String line = readLine();
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw invalid("The headers of a multipart part exceed " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                headers.merge(last, " " + line.trim(), String::concat); // obsolete line folding
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw invalid("Malformed header line in a multipart part");
            }
            last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.put(last, line.substring(colon + 1).trim());
        }
    }

    /** One CRLF-terminated line of part headers, as UTF-8 (what browsers send for non-ASCII names). */
    private String readLine() throws IOException {
        int checked = 0; // bytes after pos known not to start a CRLF
        while (true) {
            for (int i = pos + checked; i + 1 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    String line = new String(buffer, pos, i - pos, StandardCharsets.UTF_8);
                    countOverhead(i + 2 - pos);
                    pos = i + 2;
                    return line;
                }
            }
            checked = Math.max(0, end - pos - 1);
            if (end - pos > MAX_HEADER_BYTES) {
                throw invalid("A header line of a multipart part exceeds " + MAX_HEADER_BYTES + " bytes");
            }
            if (eof) {
                throw invalid("The multipart body ends inside the headers of a part");
            }
            fill();
        }
    }

    private void skipEpilogue() throws IOException {
        state = State.DONE;
        while (true) {
            countOverhead(end - pos);
            pos = end;
            if (eof) {
                return;
            }
            fill();
        }
    }

    /** Makes at least {@code n} unread bytes available, or fails: the body ended too early. */
    private void require(int n) throws IOException {
        while (end - pos < n) {
            if (eof) {
                throw invalid("The multipart body ends inside a boundary");
            }
            fill();
        }
    }

    /** Moves the unread bytes to the front and reads more after them; sets {@link #eof} at the end. */
    private void fill() throws IOException {
        if (pos > 0) {
            int unread = end - pos;
            System.arraycopy(buffer, pos, buffer, 0, unread);
            scanFrom = Math.max(0, scanFrom - pos);
            pos = 0;
            end = unread;
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /** The first index at or after pos where the whole delimiter is in the buffer, or -1. */
    private int findDelimiter() {
        int lastStart = end - delimiter.length;
        for (int i = Math.max(scanFrom, pos); i <= lastStart; i++) {
            if (buffer[i] == '\r' && matchesAt(i)) {
                scanFrom = i;
                return i;
            }
        }
        scanFrom = Math.max(pos, lastStart + 1);
        return -1;
    }

    private boolean matchesAt(int i) {
        for (int k = 1; k < delimiter.length; k++) {
            if (buffer[i + k] != delimiter[k]) {
                return false;
            }
        }
        return true;
    }

    private void countOverhead(long n) {
        overhead += n;
        if (overhead > OVERHEAD_LIMIT) {
            throw invalid("The form's fields, headers and boundaries exceed " + OVERHEAD_LIMIT + " bytes");
        }
    }

    private static InvalidMediaRequestException invalid(String message) {
        return new InvalidMediaRequestException("media.invalid-multipart", message);
    }
}
