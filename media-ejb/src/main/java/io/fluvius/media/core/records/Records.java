package io.fluvius.media.core.records;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.links.MediaLinkKey;

/** What every {@link MediaManager} knows alike about the record models: how to build and how to order them. */
public final class Records {

    private static final List<String> ENTRY_ORDER = List.of("created", "id");
    private static final List<String> FILESYSTEM_ORDER = List.of("fsKey");
    private static final List<String> ID_ORDER = List.of("id");
    private static final List<String> LINK_KEY_ORDER = List.of("created", "keyId");

    private Records() {
    }

    /** The properties that order query results, most significant first; the last one is unique. */
    public static List<String> orderOf(Class<? extends MediaRecord> model) {
        if (model == MediaEntry.class) {
            return ENTRY_ORDER;
        }
        if (model == MediaFilesystem.class) {
            return FILESYSTEM_ORDER;
        }
        if (model == MediaBlob.class || model == StorageIntent.class) {
            return ID_ORDER;
        }
        if (model == MediaLinkKey.class) {
            return LINK_KEY_ORDER;
        }
        throw new IllegalArgumentException("Unknown record model " + model.getName());
    }

    static <R extends MediaRecord> R create(Class<R> model, Map<String, ?> data) {
        if (model == MediaEntry.class) {
            return model.cast(entry(data));
        }
        if (model == MediaFilesystem.class) {
            return model.cast(filesystem(data));
        }
        throw new IllegalArgumentException("Unknown record model " + model.getName());
    }

    private static MediaEntry entry(Map<String, ?> data) {
        return MediaEntry.builder()
                .id(data.get("id") == null ? UUID.randomUUID() : UUID.fromString(text(data, "id")))
                .filename(text(data, "filename"))
                .filehash(text(data, "filehash"))
                .filemime(text(data, "filemime"))
                .length(number(data, "length"))
                .fsKey(text(data, "fsKey"))
                .fsPath(text(data, "fsPath"))
                .compress(CompressionMethod.parse(text(data, "compress")).orElse(null))
                .storedLength(number(data, "storedLength"))
                .crc32c(data.get("crc32c") == null ? null : number(data, "crc32c"))
                .blobId(data.get("blobId") == null ? null : UUID.fromString(text(data, "blobId")))
                .resource(text(data, "resource"))
                .resourceId(text(data, "resourceId"))
                .sourceId(data.get("sourceId") == null ? null : UUID.fromString(text(data, "sourceId")))
                .metadata(stringMap(data.get("metadata")))
                .created(data.get("created") == null ? Instant.now() : Instant.parse(text(data, "created")))
                .build();
    }

    private static MediaFilesystem filesystem(Map<String, ?> data) {
        return new MediaFilesystem(text(data, "fsKey"), text(data, "protocol"), text(data, "name"),
                stringMap(data.get("params")), Instant.now());
    }

    private static String text(Map<String, ?> data, String name) {
        Object value = data.get(name);
        return value == null ? null : value.toString();
    }

    private static long number(Map<String, ?> data, String name) {
        Object value = data.get(name);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new InvalidMediaRequestException(name + " must be a number, was '" + value + "'");
        }
    }

    private static Map<String, String> stringMap(Object value) {
        var result = new LinkedHashMap<String, String>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        return result;
    }
}
