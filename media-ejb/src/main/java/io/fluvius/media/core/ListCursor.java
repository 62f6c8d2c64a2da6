package io.fluvius.media.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A position in a listing of entries: the ordering values (created, id) of the last entry served and the
 * offset the next page starts at. Handed out as an opaque token (URL-safe base64 of a versioned text), so
 * its form can change; a token that does not parse is the caller's error.
 */
record ListCursor(Instant created, UUID id, long offset) {

    private static final String VERSION = "1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    static ListCursor after(MediaEntry last, long nextOffset) {
        return new ListCursor(last.getCreated(), last.getId(), nextOffset);
    }

    /** The values a {@code RecordQuery} starts after, in {@code Records.orderOf(MediaEntry.class)} order. */
    List<Object> orderingValues() {
        return List.of(created, id);
    }

    String encode() {
        String text = VERSION + "|" + created + "|" + id + "|" + offset;
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static ListCursor decode(String token) {
        try {
            String[] parts = new String(DECODER.decode(token.trim()), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length == 4 && VERSION.equals(parts[0])) {
                long offset = Long.parseLong(parts[3]);
                if (offset >= 0) {
                    return new ListCursor(Instant.parse(parts[1]), UUID.fromString(parts[2]), offset);
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below; NumberFormatException is an IllegalArgumentException
        }
        throw new InvalidMediaRequestException("media.invalid-cursor",
                "cursor is not a listing position this service handed out: follow the Link rel=\"next\" URL as given");
    }
}
