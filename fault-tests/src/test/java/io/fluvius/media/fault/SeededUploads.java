package io.fluvius.media.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;
import io.fluvius.media.it.SeededContent;

/**
 * Contents of seeded sizes and bytes, generated as they are sent and never held whole (arquillian-tests'
 * {@link SeededContent}), and uploads of them: fewer contents than uploads, so that some uploads are duplicates of
 * others. Each content's SHA-256 is computed once, up front, by streaming it through a digest; a file name
 * ({@code u<upload>-c<content>.bin}) names the content an entry must hold.
 */
final class SeededUploads {

    private static final Pattern FILENAME = Pattern.compile("u(\\d+)-c(\\d+)\\.bin");

    /** One content: its generator's seed, its length and its SHA-256. */
    record Content(int number, long seed, long length, String sha256) {

        InputStream open() {
            return new SeededContent(seed, length);
        }
    }

    private final List<Content> contents;
    private final SplittableRandom random;

    private SeededUploads(List<Content> contents, SplittableRandom random) {
        this.contents = contents;
        this.random = random;
    }

    /** {@code count} contents of {@code minSize} to {@code maxSize} bytes, from {@code seed}. */
    static SeededUploads of(long seed, int count, long minSize, long maxSize) {
        var sizes = new SplittableRandom(seed);
        long[] lengths = new long[count];
        for (int i = 0; i < count; i++) {
            lengths[i] = minSize + sizes.nextLong(maxSize - minSize + 1);
        }
        List<Content> contents = IntStream.range(0, count).parallel()
                .mapToObj(i -> new Content(i, seed * 1_000_003L + i, lengths[i],
                        sha256(new SeededContent(seed * 1_000_003L + i, lengths[i]))))
                .toList();
        return new SeededUploads(contents, new SplittableRandom(seed ^ 0x5DEECE66DL));
    }

    /**
     * The contents of {@code uploads} uploads: every content once, in order, then (for the uploads beyond the
     * number of contents) contents drawn at random, each a duplicate of an earlier upload.
     */
    List<Content> draw(int uploads) {
        List<Content> drawn = new ArrayList<>(uploads);
        for (int i = 0; i < uploads; i++) {
            drawn.add(i < contents.size() ? contents.get(i) : contents.get(nextInt(contents.size())));
        }
        return drawn;
    }

    /** A content drawn at random (under the caller's lock when several threads draw). */
    synchronized Content any() {
        return contents.get(random.nextInt(contents.size()));
    }

    private synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    Content content(int number) {
        return contents.get(number);
    }

    int size() {
        return contents.size();
    }

    long minLength() {
        return contents.stream().mapToLong(Content::length).min().orElse(0);
    }

    long maxLength() {
        return contents.stream().mapToLong(Content::length).max().orElse(0);
    }

    static String filename(int upload, Content content) {
        return "u" + upload + "-c" + content.number() + ".bin";
    }

    /** The content a file name of {@link #filename} names; {@code null} for another name. */
    Content contentOf(String filename) {
        Matcher match = FILENAME.matcher(filename);
        return match.matches() ? contents.get(Integer.parseInt(match.group(2))) : null;
    }

    /**
     * A raw upload of {@code content} as the writer, its body generated while it is sent; {@code sent} counts the
     * bytes the client has taken from it.
     */
    static HttpRequest.Builder request(MediaApi api, String query, Content content, AtomicLong sent) {
        BodyPublisher body = BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(
                () -> new CountedInputStream(content.open(), sent)), content.length());
        return api.request(LocalUser.WRITER, "files?" + query).header("Content-Type", "application/octet-stream")
                .POST(body);
    }

    /** SHA-256 of a stream, read to its end in fixed buffers, and closed. */
    static String sha256(InputStream in) {
        try (InputStream digesting = new DigestInputStream(in, newDigest())) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) digesting).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /** Adds what is read to a shared count. */
    private static final class CountedInputStream extends java.io.FilterInputStream {
        private final AtomicLong count;

        CountedInputStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
