package io.fluvius.media.it.ledger;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javax.naming.Reference;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;

/**
 * The server's storage with reads of one filesystem slowed to a fixed rate, as a distant or busy store
 * would be: lets a test make an operation that streams last longer than the transaction timeout. Test
 * code only; it wraps the real driver and changes nothing else.
 */
final class ThrottledStorage implements MediaConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final MediaConnectionFactory storage;
    private final String slowFsKey;
    private final long bytesPerSecond;

    ThrottledStorage(MediaConnectionFactory storage, String slowFsKey, long bytesPerSecond) {
        this.storage = storage;
        this.slowFsKey = slowFsKey;
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public MediaConnection getConnection() {
        return throttled(storage.getConnection());
    }

    @Override
    public MediaConnection getConnection(String fsKey) {
        return throttled(storage.getConnection(fsKey));
    }

    @Override
    public void register(FilesystemSpec spec) {
        storage.register(spec);
    }

    @Override
    public boolean isKnown(String fsKey) {
        return storage.isKnown(fsKey);
    }

    @Override
    public String getFsKey() {
        return storage.getFsKey();
    }

    @Override
    public void setReference(Reference reference) {
        storage.setReference(reference);
    }

    @Override
    public Reference getReference() throws javax.naming.NamingException {
        return storage.getReference();
    }

    private MediaConnection throttled(MediaConnection connection) {
        return connection.fsKey().equals(slowFsKey) ? new SlowReads(connection) : connection;
    }

    private final class SlowReads implements MediaConnection {
        private final MediaConnection connection;

        SlowReads(MediaConnection connection) {
            this.connection = connection;
        }

        @Override
        public String fsKey() {
            return connection.fsKey();
        }

        @Override
        public long write(String key, InputStream data) {
            return connection.write(key, data);
        }

        @Override
        public InputStream read(String key) {
            return slow(connection.read(key));
        }

        @Override
        public InputStream read(String key, long offset, long length) {
            return slow(connection.read(key, offset, length));
        }

        @Override
        public boolean exists(String key) {
            return connection.exists(key);
        }

        @Override
        public Optional<BlobInfo> stat(String key) {
            return connection.stat(key);
        }

        @Override
        public boolean delete(String key) {
            return connection.delete(key);
        }

        @Override
        public void move(String source, String target) {
            connection.move(source, target);
        }

        @Override
        public void copy(String source, String target) {
            connection.copy(source, target);
        }

        @Override
        public long copyTo(String source, MediaConnection target, String targetKey) {
            return connection.copyTo(source, target, targetKey);
        }

        @Override
        public Optional<Path> localFile(String key) {
            return Optional.empty(); // every read goes through the slow stream
        }

        @Override
        public List<BlobInfo> list(String prefix) {
            return connection.list(prefix);
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private InputStream slow(InputStream in) {
        long started = System.nanoTime();
        return new FilterInputStream(in) {
            private long delivered;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, 16 * 1024));
                if (n > 0) {
                    delivered += n;
                    long due = delivered * 1_000_000_000L / bytesPerSecond;
                    long early = due - (System.nanoTime() - started);
                    if (early > 0) {
                        try {
                            Thread.sleep(early / 1_000_000, (int) (early % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException();
                        }
                    }
                }
                return n;
            }
        };
    }
}
