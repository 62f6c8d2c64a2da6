package io.fluvius.media.it;

import static io.fluvius.media.it.MediaApi.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * One flipped bit on disk is never delivered, by the zero-copy path (raw files) nor by the streaming one
 * (compressed files): every 1 MiB block is checked before any of its bytes goes out. A range whose first
 * block is bad is a 500 before any byte; a range that reaches it later is cut short; a range elsewhere
 * is served; a copy fails and leaves no entry.
 */
class CorruptBlockIT extends HttpApiTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void theZeroCopyPathNeverDeliversACorruptBlock() throws Exception {
        // Larger than one 16 MiB window of the zero-copy path, the bad block in the second one.
        byte[] content = MediaApi.randomBytes(20 * MIB, 61);
        String resource = MediaApi.uniqueResource("rot-raw");
        JsonObject entry = api.upload("filename=rot.bin&resource=" + resource, content);
        flipBit(entry, 18 * MIB + 100);

        assertProblem(range(entry, 18 * MIB, 18 * MIB + 999), 500, "media.integrity");
        assertThrows(IOException.class, () -> api.sendForBytes(api.request(LocalUser.READER, "files/"
                + entry.getString("id")).header("Range", "bytes=" + MIB + "-" + (19 * MIB)).GET()),
                "a range reaching the bad block is cut short, never completed");
        HttpResponse<String> elsewhere = range(entry, 2 * MIB, 2 * MIB + 999);
        assertEquals(206, elsewhere.statusCode());
        assertThrows(IOException.class, () -> api.sendForBytes(api.request(LocalUser.READER, "files/"
                + entry.getString("id")).GET()), "the whole file is cut short");
        assertCopyFailsAndLeavesNoEntry(entry, resource);
    }

    @Test
    void theStreamingPathNeverDeliversACorruptBlock() throws Exception {
        byte[] content = MediaApi.randomBytes(4 * MIB, 62);
        String resource = MediaApi.uniqueResource("rot-gzip");
        JsonObject entry = api.upload("filename=rot.bin&compress=GZIP&resource=" + resource, content);
        flipBit(entry, 2 * MIB + 100); // in the third block of the stored (compressed) bytes

        assertProblem(range(entry, 3 * MIB, 3 * MIB + 999), 500, "media.integrity");
        assertThrows(IOException.class, () -> api.sendForBytes(api.request(LocalUser.READER, "files/"
                + entry.getString("id")).header("Range", "bytes=0-" + (3 * MIB)).GET()));
        HttpResponse<byte[]> elsewhere = api.sendForBytes(api.request(LocalUser.READER, "files/" + entry.getString("id"))
                .header("Range", "bytes=1000-1999").GET());
        assertEquals(206, elsewhere.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), elsewhere.body());
        assertCopyFailsAndLeavesNoEntry(entry, resource);
    }

    private void assertCopyFailsAndLeavesNoEntry(JsonObject entry, String resource) throws Exception {
        assertProblem(api.send(api.request(LocalUser.WRITER, "files/" + entry.getString("id") + "/copy?fsKey=memory")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())), 500, "media.integrity");
        assertEquals(1, api.entriesOf(resource).size(), "no entry for the failed copy");
    }

    private HttpResponse<String> range(JsonObject entry, long first, long last) throws Exception {
        return api.send(api.request(LocalUser.READER, "files/" + entry.getString("id"))
                .header("Range", "bytes=" + first + "-" + last).GET());
    }

    /** Flips one bit of the stored file in place, as a failing disk would. */
    private static void flipBit(JsonObject entry, long offset) throws IOException {
        Path stored = Path.of(System.getProperty("jboss.home"), "standalone", "data", "media", "files", "media",
                entry.getString("fsPath"));
        try (RandomAccessFile file = new RandomAccessFile(stored.toFile(), "rw")) {
            file.seek(offset);
            int b = file.read();
            file.seek(offset);
            file.write(b ^ 1);
        }
    }
}
