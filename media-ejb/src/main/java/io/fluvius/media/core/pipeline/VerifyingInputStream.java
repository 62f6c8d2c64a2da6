package io.fluvius.media.core.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.io.Sha256;

/**
 * Hashes a whole read as it passes and fails at the end, loudly, when the bytes are not those the entry
 * recorded: a corrupt blob never reads back as if it were fine.
 */
final class VerifyingInputStream extends FilterInputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private final String expectedHash;
    private final long expectedLength;
    private final String description;
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, String expectedHash, long expectedLength, String description) {
        super(in);
        this.expectedHash = expectedHash;
        this.expectedLength = expectedLength;
        this.description = description;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            verify();
        } else {
            digest.update((byte) b);
            check(++count);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.read(buffer, off, len);
        if (n < 0) {
            verify();
        } else if (n > 0) {
            digest.update(buffer, off, n);
            count += n;
            check(count);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would leave bytes unhashed; read them instead so the end can still be verified.
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(long soFar) {
        if (soFar > expectedLength) {
            throw new MediaIntegrityException(description + " holds more bytes than the " + expectedLength + " recorded");
        }
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        String actual = Sha256.hex(digest);
        if (count != expectedLength || !actual.equals(expectedHash)) {
            throw new MediaIntegrityException(description + " is corrupt: read " + count + " bytes hashing to "
                    + actual + ", the entry records " + expectedLength + " bytes hashing to " + expectedHash);
        }
    }
}
