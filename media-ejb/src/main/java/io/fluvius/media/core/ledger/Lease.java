package io.fluvius.media.core.ledger;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;

import io.fluvius.media.core.UploadExpiredException;

/**
 * Keeps an intent's lease alive while its bytes flow: every read through {@link #watch} renews it once a
 * third of the lease has passed since the last renewal, so a slow upload is never collected, while one
 * that stalls (or a killed server's) runs out. A renewal that finds the intent taken back fails the read.
 */
public final class Lease {

    private final BlobLedger ledger;
    private final StorageIntent intent;
    private final Clock clock;
    private Instant renewAt;

    public Lease(BlobLedger ledger, StorageIntent intent, Clock clock) {
        this.ledger = ledger;
        this.intent = intent;
        this.clock = clock;
        // From the intent's own lease, which may have been taken ahead of this write (ReservedWrites).
        this.renewAt = intent.getLeaseUntil().minus(ledger.lease().multipliedBy(2).dividedBy(3));
    }

    /** {@code in}, renewing this lease as it is read. */
    public InputStream watch(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                keepAlive();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                keepAlive();
                return super.read(b, off, len);
            }

            @Override
            public long skip(long n) throws IOException {
                keepAlive();
                return super.skip(n);
            }
        };
    }

    /** Renews the lease when it is due. @throws UploadExpiredException when it was taken back */
    public void keepAlive() {
        Instant now = clock.instant();
        if (now.isBefore(renewAt)) {
            return;
        }
        if (!ledger.renew(intent)) {
            throw UploadExpiredException.after(intent.getFsKey(), ledger.lease());
        }
        renewAt = now.plus(ledger.lease().dividedBy(3));
    }
}
