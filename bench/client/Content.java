import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic, mildly compressible bench content: 4 KiB blocks that alternate between log-like text
 * (zstd finds matches) and random bytes (it finds none), about 0.7 of the original after zstd -3.
 * A 16 MiB pool is built once and cycled; each block carries its own index in its first 8 bytes, so no
 * two blocks of a stream are equal, and the pool is far larger than zstd level 3's window, so cycling it
 * gives the compressor nothing to exploit.
 */
final class Content extends InputStream {

    static final int BLOCK = 4096;
    private static final int POOL_BLOCKS = 4096; // 16 MiB
    private static final String[] WORDS = {"put", "get", "range", "copy", "delete", "verify", "file", "memory",
            "image/png", "video/mp4", "application/pdf", "text/plain", "alice", "bob", "carol", "ingest", "archive",
            "thumbnail", "scan", "invoice", "report", "ok", "retry", "slow", "cache-hit", "cache-miss"};
    private static byte[] pool;

    private final long length;
    private final byte[] block = new byte[BLOCK];
    private long position;

    /** The first {@code length} bytes of the stream that {@link #fill} produces. */
    Content(long length) {
        this.length = length;
    }

    private static synchronized byte[] pool() {
        if (pool == null) {
            byte[] p = new byte[POOL_BLOCKS * BLOCK];
            SplittableRandom random = new SplittableRandom(0x5EEDL);
            for (int b = 0; b < POOL_BLOCKS; b++) {
                if (b % 2 == 0) {
                    textBlock(random, p, b * BLOCK);
                } else {
                    for (int i = 0; i < BLOCK; i += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) {
                            p[b * BLOCK + i + k] = (byte) (v >>> (8 * k));
                        }
                    }
                }
            }
            pool = p;
        }
        return pool;
    }

    private static void textBlock(SplittableRandom random, byte[] into, int offset) {
        StringBuilder text = new StringBuilder(BLOCK + 256);
        while (text.length() < BLOCK) {
            text.append("2026-11-").append(10 + random.nextInt(20)).append('T').append(random.nextInt(24))
                    .append(':').append(random.nextInt(60)).append(':').append(random.nextInt(60)).append('.')
                    .append(random.nextInt(1000)).append("Z INFO ").append(WORDS[random.nextInt(WORDS.length)])
                    .append(" id=").append(Long.toHexString(random.nextLong()))
                    .append(" len=").append(random.nextInt(1 << 24))
                    .append(" mime=").append(WORDS[8 + random.nextInt(4)])
                    .append(" user=").append(WORDS[12 + random.nextInt(3)])
                    .append(" took=").append(random.nextInt(500)).append("ms ")
                    .append(WORDS[random.nextInt(WORDS.length)]).append('\n');
        }
        System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, into, offset, BLOCK);
    }

    /** Block number {@code index} of the stream. */
    static void fill(long index, byte[] into) {
        System.arraycopy(pool(), (int) (index % POOL_BLOCKS) * BLOCK, into, 0, BLOCK);
        for (int k = 0; k < 8; k++) {
            into[k] = (byte) (index >>> (8 * k));
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int count) {
        if (position >= length) {
            return -1;
        }
        int done = 0;
        while (done < count && position < length) {
            int inBlock = (int) (position % BLOCK);
            if (inBlock == 0 || done == 0) {
                fill(position / BLOCK, block);
            }
            int n = (int) Math.min(Math.min(BLOCK - inBlock, count - done), length - position);
            System.arraycopy(block, inBlock, into, offset + done, n);
            done += n;
            position += n;
        }
        return done;
    }
}
