package io.fluvius.media.batch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.fluvius.media.core.InvalidMediaRequestException;

/**
 * A position in the listing of executions (newest first): the id of the last execution served, and the offset the
 * next page starts at. Handed out as an opaque token (URL-safe base64 of a versioned text), as the listing of
 * files does, so that its form can change; a token that does not parse is the caller's error.
 */
record ExecutionCursor(long lastExecutionId, long offset) {

    private static final String VERSION = "1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    String encode() {
        return ENCODER.encodeToString((VERSION + "|" + lastExecutionId + "|" + offset).getBytes(StandardCharsets.UTF_8));
    }

    static ExecutionCursor decode(String token) {
        try {
            String[] parts = new String(DECODER.decode(token.trim()), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length == 3 && VERSION.equals(parts[0])) {
                long last = Long.parseLong(parts[1]);
                long offset = Long.parseLong(parts[2]);
                if (last > 0 && offset >= 0) {
                    return new ExecutionCursor(last, offset);
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below; NumberFormatException is an IllegalArgumentException
        }
        throw new InvalidMediaRequestException("media.invalid-cursor",
                "cursor is not a listing position this service handed out: follow the Link rel=\"next\" URL as given");
    }
}
