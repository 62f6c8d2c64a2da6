package io.fluvius.media.web.upload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.web.http.JsonText;

/**
 * The fields of an upload (API.md §3), from query parameters or multipart text parts: each at most once,
 * {@code metadata} a JSON object of strings.
 */
public final class UploadFields {

    /** The names a caller may send; anything else in a form is a mistake worth reporting. */
    public static final Set<String> NAMES = Set.of(
            "filename", "resource", "resourceId", "fsKey", "compress", "mimeType", "metadata");
    /** The longest text field accepted. */
    public static final int MAX_FIELD_BYTES = 64 * 1024;

    private final Map<String, String> values = new LinkedHashMap<>();

    /** The known fields among a request's query parameters; unknown ones are not this API's business. */
    public static UploadFields fromQuery(Map<String, List<String>> query) {
        var fields = new UploadFields();
        query.forEach((name, values) -> {
            if (NAMES.contains(name)) {
                if (values.size() > 1) {
                    throw duplicate(name);
                }
                fields.set(name, values.get(0));
            }
        });
        return fields;
    }

    /** Adds a field; refuses unknown names and a second value for one name. */
    public void set(String name, String value) {
        if (!NAMES.contains(name)) {
            throw new InvalidMediaRequestException("media.unknown-field", "Unknown upload field '" + name
                    + "'; the fields are file, " + String.join(", ", NAMES.stream().sorted().toList()));
        }
        if (values.putIfAbsent(name, value) != null) {
            throw duplicate(name);
        }
    }

    /**
     * The options of the put.
     *
     * @param fallbackFilename the name a Content-Disposition gives, used when no {@code filename} field does
     * @param declaredType     the body's (or file part's) Content-Type, used when no {@code mimeType} field does
     * @param expectedSha256   from Content-Digest, or {@code null}
     */
    public PutOptions toOptions(String fallbackFilename, String declaredType, String expectedSha256) {
        String filename = blankToNull(values.get("filename"));
        String mimeType = blankToNull(values.get("mimeType"));
        return new PutOptions(filename != null ? filename : fallbackFilename,
                blankToNull(values.get("fsKey")),
                blankToNull(values.get("compress")),
                blankToNull(values.get("resource")),
                blankToNull(values.get("resourceId")),
                mimeType != null ? mimeType : meaningfulType(declaredType),
                metadata(values.get("metadata")),
                expectedSha256);
    }

    /**
     * A Content-Type worth keeping as the file's MIME type. The generic ones say nothing about the bytes
     * ({@code application/octet-stream}, curl's default {@code application/x-www-form-urlencoded}): with
     * them the type is detected from the bytes and the name.
     */
    static String meaningfulType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        String essence = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        boolean generic = essence.equals("application/octet-stream")
                || essence.equals("application/x-www-form-urlencoded")
                || essence.startsWith("multipart/") || essence.contains("*") || !essence.contains("/");
        return generic ? null : contentType.trim();
    }

    static Map<String, String> metadata(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        JsonObject object;
        try {
            object = JsonText.object(json);
        } catch (JsonException e) {
            throw invalidMetadata("metadata must be a JSON object of strings, such as {\"k\":\"v\"}");
        }
        var metadata = new LinkedHashMap<String, String>();
        object.forEach((key, value) -> metadata.put(key, text(key, value)));
        return metadata;
    }

    private static String text(String key, JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).toString();
            case TRUE -> "true";
            case FALSE -> "false";
            default -> throw invalidMetadata("metadata value '" + key + "' must be a string, number or boolean");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static InvalidMediaRequestException duplicate(String name) {
        return new InvalidMediaRequestException("media.duplicate-field",
                "The upload field '" + name + "' is given more than once");
    }

    private static InvalidMediaRequestException invalidMetadata(String message) {
        return new InvalidMediaRequestException("media.invalid-metadata", message);
    }
}
