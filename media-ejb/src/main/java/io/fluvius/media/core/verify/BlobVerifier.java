package io.fluvius.media.core.verify;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.io.BlockVerifyingInputStream;
import io.fluvius.media.core.io.CountingInputStream;
import io.fluvius.media.core.io.Sha256;
import io.fluvius.media.core.ledger.MediaBlob;
import io.fluvius.media.core.storage.Filesystems;

/**
 * Re-reads a blob's stored bytes and checks them against the ledger: every block's CRC32C (as reads do), then,
 * after undoing the compression, the length and SHA-256 of the whole original content. One pass, one block of
 * memory. The caller runs it with no transaction open: it moves every stored byte of the blob.
 */
public final class BlobVerifier {

    private final Filesystems filesystems;
    private final int bufferSize;

    public BlobVerifier(Filesystems filesystems, int bufferSize) {
        this.filesystems = filesystems;
        this.bufferSize = bufferSize;
    }

    public BlobVerification verify(MediaBlob blob) {
        String description = "The stored bytes of blob " + blob.getId() + " on filesystem '" + blob.getFsKey() + "'";
        try (MediaConnection connection = filesystems.connect(blob.getFsKey())) {
            if (!connection.exists(blob.getStorageKey())) {
                return new BlobVerification(blob.getId(), BlobVerification.Outcome.MISSING, 0,
                        description + " are missing (key " + blob.getStorageKey() + ")");
            }
            CountingInputStream counted;
            try {
                counted = new CountingInputStream(connection.read(blob.getStorageKey()));
            } catch (MediaIntegrityException gone) {
                return new BlobVerification(blob.getId(), BlobVerification.Outcome.MISSING, 0,
                        description + " are missing (key " + blob.getStorageKey() + ")");
            }
            try (InputStream stored = blob.blocks().isEmpty() ? counted
                    : new BlockVerifyingInputStream(counted, blob.blocks(), 0, blob.getStoredLength(), description)) {
                return hashOriginal(blob, stored, counted, description);
            } catch (MediaIntegrityException corrupt) {
                return new BlobVerification(blob.getId(), BlobVerification.Outcome.CORRUPT, counted.count(),
                        corrupt.getMessage());
            } catch (IOException e) {
                // A decoder that chokes on the bytes: they are not what was stored.
                return new BlobVerification(blob.getId(), BlobVerification.Outcome.CORRUPT, counted.count(),
                        description + " cannot be read back as " + blob.getCompress() + ": " + e.getMessage());
            }
        }
    }

    private BlobVerification hashOriginal(MediaBlob blob, InputStream stored, CountingInputStream counted,
                                          String description) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        long length = 0;
        try (InputStream original = blob.getCompress() == null ? stored : blob.getCompress().decompressing(stored)) {
            byte[] buffer = new byte[bufferSize];
            for (int n; (n = original.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                length += n;
            }
        }
        String hash = Sha256.hex(digest);
        if (blob.blocks().isEmpty() && counted.count() != blob.getStoredLength()) {
            return new BlobVerification(blob.getId(), BlobVerification.Outcome.CORRUPT, counted.count(),
                    description + " are " + counted.count() + " bytes, the ledger records " + blob.getStoredLength());
        }
        if (length != blob.getContentLength() || !hash.equals(blob.getContentHash())) {
            return new BlobVerification(blob.getId(), BlobVerification.Outcome.CORRUPT, counted.count(),
                    description + " decode to " + length + " bytes with SHA-256 " + hash + ", the ledger records "
                            + blob.getContentLength() + " bytes with SHA-256 " + blob.getContentHash());
        }
        return new BlobVerification(blob.getId(), BlobVerification.Outcome.INTACT, counted.count(), null);
    }
}
