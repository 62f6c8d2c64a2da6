package io.fluvius.media.connector;

import java.io.Serializable;
import java.time.Instant;

/** What a backend knows about one stored object. */
public record BlobInfo(String key, long size, Instant lastModified) implements Serializable {
}
