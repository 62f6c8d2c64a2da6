package io.fluvius.media.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test data made on the fly from a seed: incompressible noise, and word salad that compresses well. */
public final class GeneratedContent {

    private GeneratedContent() {
    }

    public static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static byte[] compressibleText(long seed, int size) {
        try (InputStream text = compressibleTextStream(seed, size)) {
            return text.readNBytes(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code size} bytes of text, generated as they are read: never held in memory as a whole. */
    public static InputStream compressibleTextStream(long seed, long size) {
        return new WordSalad(seed, size);
    }

    private static final class WordSalad extends InputStream {
        private final Random random;
        private final byte[][] words;
        private long remaining;
        private byte[] word = new byte[0];
        private int wordPos;

        WordSalad(long seed, long size) {
            this.random = new Random(seed);
            this.remaining = size;
            this.words = new byte[300][];
            for (int i = 0; i < words.length; i++) {
                StringBuilder w = new StringBuilder();
                int letters = 2 + random.nextInt(9);
                for (int j = 0; j < letters; j++) {
                    w.append((char) ('a' + random.nextInt(26)));
                }
                w.append(i % 13 == 0 ? ".\n" : " ");
                words[i] = w.toString().getBytes(StandardCharsets.US_ASCII);
            }
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            int filled = 0;
            while (filled < n) {
                if (wordPos == word.length) {
                    word = words[random.nextInt(words.length)];
                    wordPos = 0;
                }
                int take = Math.min(word.length - wordPos, n - filled);
                System.arraycopy(word, wordPos, b, off + filled, take);
                wordPos += take;
                filled += take;
            }
            remaining -= n;
            return n;
        }
    }
}
