package io.fluvius.media.it.process;

import static io.fluvius.media.it.MediaApi.encode;
import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.sha256Hex;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/**
 * What a restarted server still has of what {@link ConcurrentPuts} sent it: every acknowledged entry must download
 * with the bytes that were sent, and every entry its listing shows must download with the filehash it shows.
 *
 * @param listed                  entries the listing of the resource returns
 * @param committedUnacknowledged listed entries whose 201 never reached the client (the kill came first)
 * @param lost                    acknowledged entries that are gone or differ, with why
 * @param damaged                 listed entries that are not what was sent, or lack their bytes, with why
 */
record Survivors(int listed, int committedUnacknowledged, List<String> lost, List<String> damaged) {

    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

    static Survivors check(MediaApi api, String resource, ConcurrentPuts.Outcome sent)
            throws IOException, InterruptedException {
        Map<String, JsonObject> listedById = new LinkedHashMap<>();
        for (JsonObject entry : listing(api, resource)) {
            listedById.put(entry.getString("id"), entry);
        }
        var downloads = new Downloads(api);

        List<String> lost = new ArrayList<>();
        sent.acknowledgedSha256ById().forEach((id, sha256) -> {
            String downloaded = downloads.sha256(id);
            if (!sha256.equals(downloaded)) {
                lost.add(id + ": acknowledged with " + sha256 + ", now " + downloaded);
            } else if (!listedById.containsKey(id)) {
                lost.add(id + ": acknowledged, downloads, but the listing lacks it");
            }
        });
        List<String> damaged = new ArrayList<>();
        int unacknowledged = 0;
        for (JsonObject entry : listedById.values()) {
            String id = entry.getString("id");
            String filehash = entry.getString("filehash");
            String sentSha256 = sent.sentSha256ByFilename().get(entry.getString("filename"));
            String downloaded = downloads.sha256(id);
            if (!filehash.equals(sentSha256)) {
                damaged.add(id + " (" + entry.getString("filename") + "): filehash " + filehash
                        + ", sent " + sentSha256);
            } else if (!filehash.equals(downloaded)) {
                damaged.add(id + ": filehash " + filehash + ", download " + downloaded);
            }
            if (!sent.acknowledgedSha256ById().containsKey(id)) {
                unacknowledged++;
            }
        }
        return new Survivors(listedById.size(), unacknowledged, List.copyOf(lost), List.copyOf(damaged));
    }

    /** Every entry of the resource, page after page, following {@code Link: <…>; rel="next"}. */
    static List<JsonObject> listing(MediaApi api, String resource) throws IOException, InterruptedException {
        List<JsonObject> entries = new ArrayList<>();
        URI page = api.api("files?limit=1000&resource=" + encode(resource));
        while (page != null) {
            HttpResponse<String> response = api.send(MediaApi.as(LocalUser.READER, HttpRequest.newBuilder(page)).GET());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + page + ": " + response.statusCode() + " " + response.body());
            }
            json(response).getJsonArray("items").stream().map(JsonValue::asJsonObject).forEach(entries::add);
            Matcher next = NEXT.matcher(String.join(",", response.headers().allValues("Link")));
            page = next.find() ? page.resolve(next.group(1)) : null;
        }
        return entries;
    }

    /** Each entry downloaded once: the SHA-256 of its bytes, or what the server answered instead. */
    private static final class Downloads {
        private final MediaApi api;
        private final Map<String, String> byId = new HashMap<>();

        Downloads(MediaApi api) {
            this.api = api;
        }

        String sha256(String id) {
            return byId.computeIfAbsent(id, this::download);
        }

        private String download(String id) {
            try {
                HttpResponse<byte[]> response = api.sendForBytes(api.request(LocalUser.READER, "files/" + id).GET());
                return response.statusCode() == 200 ? sha256Hex(response.body())
                        : "status " + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e.toString();
            }
        }
    }
}
