package io.fluvius.media.core.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaIntegrityException;
import io.fluvius.media.core.io.Sha256;

/**
 * Checks a whole read as it passes and fails at the end, loudly, when the bytes are not those the entry
 * recorded: a corrupt blob never reads back as if it were fine. The check is the entry's CRC32C where it
 * has one (hardware-assisted: it keeps downloads at disk and network speed) and its SHA-256 otherwise;
 * either catches corruption of stored bytes. Both check the length too.
 */
final class VerifyingInputStream extends FilterInputStream {

    /** What the bytes are checked against. */
    private interface Check {
        void update(byte[] bytes, int off, int len);

        /** {@code null} when the bytes match, else what they hash to, for the message. */
        String mismatch();

        String expected();
    }

    private final Check check;
    private final byte[] single = new byte[1];
    private final long expectedLength;
    private final String description;
    private long count;
    private boolean verified;

    private VerifyingInputStream(InputStream in, Check check, long expectedLength, String description) {
        super(in);
        this.check = check;
        this.expectedLength = expectedLength;
        this.description = description;
    }

    /** Checks {@code in}, the whole original content of {@code entry}. */
    static VerifyingInputStream of(InputStream in, MediaEntry entry, String description) {
        Check check = entry.crc32c() != null ? crc32c(entry.crc32c()) : sha256(entry.getFilehash());
        return new VerifyingInputStream(in, check, entry.getLength(), description);
    }

    private static Check crc32c(long expected) {
        CRC32C crc = new CRC32C();
        return new Check() {
            @Override
            public void update(byte[] bytes, int off, int len) {
                crc.update(bytes, off, len);
            }

            @Override
            public String mismatch() {
                return crc.getValue() == expected ? null : "CRC32C " + Long.toHexString(crc.getValue());
            }

            @Override
            public String expected() {
                return "CRC32C " + Long.toHexString(expected);
            }
        };
    }

    private static Check sha256(String expected) {
        MessageDigest digest = Sha256.newDigest();
        return new Check() {
            @Override
            public void update(byte[] bytes, int off, int len) {
                digest.update(bytes, off, len);
            }

            @Override
            public String mismatch() {
                String actual = Sha256.hex(digest);
                return actual.equals(expected) ? null : "SHA-256 " + actual;
            }

            @Override
            public String expected() {
                return "SHA-256 " + expected;
            }
        };
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            verify();
        } else {
            single[0] = (byte) b;
            check.update(single, 0, 1);
            checkLength(++count);
            if (count == expectedLength) {
                verify();
            }
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.read(buffer, off, len);
        if (n < 0) {
            verify();
        } else if (n > 0) {
            check.update(buffer, off, n);
            count += n;
            checkLength(count);
            if (count == expectedLength) {
                // Checked before the last bytes are handed over: a response streaming them is cut short
                // rather than completed with bytes that are wrong.
                verify();
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would leave bytes unchecked; read them instead so the end can still be verified.
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

    private void checkLength(long soFar) {
        if (soFar > expectedLength) {
            throw new MediaIntegrityException(description + " holds more bytes than the " + expectedLength + " recorded");
        }
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        String mismatch = check.mismatch();
        if (count != expectedLength || mismatch != null) {
            throw new MediaIntegrityException(description + " is corrupt: read " + count + " bytes"
                    + (mismatch != null ? " with " + mismatch : "") + ", the entry records " + expectedLength
                    + " bytes with " + check.expected());
        }
    }
}
