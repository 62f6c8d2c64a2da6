package io.fluvius.media.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/**
 * What a server shows of a resource after a crash, checked: every listed entry downloads (streamed and hashed,
 * never held) with the SHA-256 its entry records, which is the SHA-256 of the content its file name names; and
 * every acknowledged upload is listed. Memory stays flat whatever the files' sizes.
 *
 * @param listed         entries the listing shows
 * @param acknowledged   of them, uploads that had their 201
 * @param unacknowledged of them, uploads committed whose 201 never arrived (the kill came first)
 * @param bytes          bytes downloaded and verified
 * @param fsPaths        the storage keys the entries reference
 */
record UploadSurvey(int listed, int acknowledged, int unacknowledged, long bytes, Set<String> fsPaths) {

    /** @param acknowledgedSha256ById every upload that had a 201: the entry's id, the SHA-256 sent */
    static UploadSurvey check(MediaApi api, String resource, SeededUploads contents,
            Map<String, String> acknowledgedSha256ById) throws Exception {
        Map<String, String> hashes = EntryListing.of(api, resource, "filehash");
        Map<String, String> filenames = EntryListing.of(api, resource, "filename");
        Map<String, String> paths = EntryListing.of(api, resource, "fsPath");
        var missing = new TreeSet<>(acknowledgedSha256ById.keySet());
        missing.removeAll(hashes.keySet());
        assertEquals(Set.of(), missing, () -> resource + ": acknowledged uploads not listed (lost)");
        long bytes = 0;
        int acknowledged = 0;
        for (var entry : hashes.entrySet()) {
            String id = entry.getKey();
            SeededUploads.Content content = contents.contentOf(filenames.get(id));
            assertNotNull(content, () -> resource + ": entry " + id + " of no upload: " + filenames.get(id));
            assertEquals(content.sha256(), entry.getValue(), () -> resource + ": entry " + id + " records another hash");
            if (acknowledgedSha256ById.containsKey(id)) {
                assertEquals(acknowledgedSha256ById.get(id), entry.getValue(), id);
                acknowledged++;
            }
            Download download = download(api, id);
            assertEquals(200, download.status(), () -> resource + ": listed entry " + id + " (" + filenames.get(id)
                    + ") has no bytes: " + download.problem());
            assertEquals(content.sha256(), download.sha256(), () -> resource + ": entry " + id + " reads back wrong");
            assertEquals(content.length(), download.length(), id);
            bytes += download.length();
        }
        assertTrue(acknowledged == acknowledgedSha256ById.size());
        return new UploadSurvey(hashes.size(), acknowledged, hashes.size() - acknowledged, bytes,
                new TreeSet<>(paths.values()));
    }

    /** A download's status and, when 200, the SHA-256 and length of its body; otherwise the start of its body. */
    record Download(int status, String sha256, long length, String problem) {
    }

    static Download download(MediaApi api, String id) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = api.http.send(api.request(LocalUser.READER, "files/" + id).GET().build(),
                BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                return new Download(response.statusCode(), null, -1,
                        new String(body.readNBytes(4096), StandardCharsets.UTF_8));
            }
            var counted = new java.util.concurrent.atomic.AtomicLong();
            String sha256 = SeededUploads.sha256(new java.io.FilterInputStream(body) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        counted.addAndGet(n);
                    }
                    return n;
                }
            });
            return new Download(200, sha256, counted.get(), null);
        }
    }
}
