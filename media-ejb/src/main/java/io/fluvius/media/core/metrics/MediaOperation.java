package io.fluvius.media.core.metrics;

import java.util.Locale;

/** The operations that {@link MediaMetrics} counts, each with the way its bytes travel. */
public enum MediaOperation {
    /** Bytes accepted from the caller (original, before compression). */
    PUT("in"),
    /** Bytes handed to the caller as they are consumed. */
    READ("out"),
    /** Bytes written to the destination filesystem (the copy's original length). */
    COPY("in"),
    DELETE(null),
    LIST(null);

    private final String direction;

    MediaOperation(String direction) {
        this.direction = direction;
    }

    /** The tag value: the lower-case name. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code in} or {@code out}; {@code null} for operations that move no content. */
    public String direction() {
        return direction;
    }
}
