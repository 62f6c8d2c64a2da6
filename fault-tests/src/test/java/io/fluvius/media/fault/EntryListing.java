package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/** Every entry of a resource as the reader lists it, page after page through the cursor. */
final class EntryListing {

    private EntryListing() {
    }

    /** id → the value of {@code field} (e.g. {@code filehash}, {@code fsPath}) of every entry of {@code resource}. */
    static Map<String, String> of(MediaApi api, String resource, String field) throws Exception {
        Map<String, String> values = new TreeMap<>();
        entries(api, resource).forEach((id, entry) -> values.put(id, entry.getString(field)));
        return values;
    }

    /** id → the whole entry JSON of every entry of {@code resource}. */
    static Map<String, JsonObject> entries(MediaApi api, String resource) throws Exception {
        Map<String, JsonObject> entries = new TreeMap<>();
        String cursor = null;
        do {
            HttpResponse<String> page = api.get(LocalUser.READER, "files?limit=1000&resource=" + resource
                    + (cursor == null ? "" : "&cursor=" + MediaApi.encode(cursor)));
            assertEquals(200, page.statusCode(), page::body);
            JsonObject body = json(page);
            body.getJsonArray("items").forEach(v -> entries.put(v.asJsonObject().getString("id"), v.asJsonObject()));
            cursor = body.isNull("nextCursor") ? null : body.getString("nextCursor");
        } while (cursor != null);
        return entries;
    }
}
