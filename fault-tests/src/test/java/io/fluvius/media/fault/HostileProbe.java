package io.fluvius.media.fault;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request of the hostile-input scenario, as the generator made it: either an HTTP request that a client could
 * send (method, target, headers, body), or, for malformed framing, the exact bytes to write on a socket.
 *
 * @param category      what the request is about, e.g. {@code range}; the results count requests per category
 * @param method        GET, HEAD, POST…
 * @param target        the request target as sent: the path under the server and the query, already encoded
 * @param authorization the {@code Authorization} value, or {@code null} for none
 * @param headers       further headers, in order (name, value)
 * @param body          the body, empty for none
 * @param raw           the whole request as bytes when its framing is the point (then the fields above describe it
 *                      only for the report), or {@code null}
 * @param mayStore      whether the server may keep what the request sends (an entry, a filesystem), so that it
 *                      may create files under the storage roots
 * @param wellFormed    whether the request is well-formed HTTP for the web module (then its answer is the API's to
 *                      give), or is answered by the container's HTTP parser or default handler
 */
record HostileProbe(String category, String method, String target, String authorization,
        List<Map.Entry<String, String>> headers, byte[] body, byte[] raw, boolean mayStore, boolean wellFormed) {

    static HostileProbe of(String category, String method, String target, String authorization,
            List<Map.Entry<String, String>> headers, byte[] body) {
        return new HostileProbe(category, method, target, authorization, List.copyOf(headers), body, null, false,
                true);
    }

    HostileProbe storing() {
        return new HostileProbe(category, method, target, authorization, headers, body, raw, true, wellFormed);
    }

    /** Bytes that are not well-formed HTTP, or that address nothing of the web module: the parser's to answer. */
    static HostileProbe raw(String category, String summary, byte[] raw) {
        return new HostileProbe(category, "RAW", summary, null, List.of(), new byte[0], raw, false, false);
    }

    /** Well-formed HTTP for the web module, written on a socket because no client would send it as it stands. */
    static HostileProbe rawWellFormed(String category, String summary, byte[] raw) {
        return new HostileProbe(category, "RAW", summary, null, List.of(), new byte[0], raw, false, true);
    }

    boolean isRaw() {
        return raw != null;
    }

    /**
     * Everything the request carried, as text (ISO-8859-1, byte for byte), so that a response that repeats the
     * caller's own input (an id, a filename) is not mistaken for a leak of the server's.
     */
    String sentText() {
        var text = new StringBuilder(target).append('\n');
        headers.forEach(h -> text.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
        text.append(new String(isRaw() ? raw : body, StandardCharsets.ISO_8859_1));
        String sent = text.toString();
        // Echoed through JSON or a URL, the same input comes back decoded or escaped.
        String utf8 = new String(sent.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return sent + '\n' + utf8 + '\n' + percentDecoded(utf8);
    }

    private static String percentDecoded(String text) {
        try {
            return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /** One line for a failure message: what was sent, shortened. */
    String summary() {
        var line = new StringBuilder(category).append(' ').append(method).append(' ').append(shorten(target, 300));
        headers.forEach(h -> line.append(" | ").append(h.getKey()).append(": ").append(shorten(h.getValue(), 120)));
        if (authorization != null) {
            line.append(" | Authorization: ").append(shorten(authorization, 60));
        }
        byte[] sent = isRaw() ? raw : body;
        if (sent.length > 0) {
            line.append(" | ").append(sent.length).append(" bytes: ")
                    .append(shorten(new String(sent, StandardCharsets.ISO_8859_1), 300));
        }
        return line.toString();
    }

    static String shorten(String text, int max) {
        String printable = text.replaceAll("\\p{Cntrl}", "·");
        return printable.length() <= max ? printable
                : printable.substring(0, max) + "…(" + printable.length() + " chars)";
    }
}
