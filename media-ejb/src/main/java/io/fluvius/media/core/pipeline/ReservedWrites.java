package io.fluvius.media.core.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.fluvius.media.core.compress.CompressionMethod;
import io.fluvius.media.core.ledger.BlobLedger;
import io.fluvius.media.core.ledger.StorageIntent;
import io.fluvius.media.core.storage.ContentKey;

/**
 * Write intents committed ahead, a batch per transaction, for the puts of this server to take one each: every
 * put still writes to a fresh key whose intent committed before its first byte, but most of them no longer wait
 * for a commit of their own (on PostgreSQL, a WAL flush). Only an optimisation: each reserved intent is a
 * committed row with its own lease, so one that is never used (the server was killed, or it aged here) is
 * collected like the intent of a write that died before its first byte; its key holds nothing.
 */
final class ReservedWrites {

    private final BlobLedger ledger;
    private final Clock clock;
    private final int batch;
    private final Map<String, Deque<StorageIntent>> ready = new ConcurrentHashMap<>();

    /** @param batch how many intents one commit takes ahead; 1 commits one per write (nothing is kept) */
    ReservedWrites(BlobLedger ledger, Clock clock, int batch) {
        this.ledger = ledger;
        this.clock = clock;
        this.batch = batch;
    }

    /**
     * An intent for a fresh key of {@code fsKey}, committed, with at least three quarters of its lease left (a
     * write renews it while its bytes flow).
     */
    StorageIntent take(String fsKey, CompressionMethod compression) {
        if (batch == 1) {
            return ledger.beginWrite(fsKey, ContentKey.fresh(compression));
        }
        Deque<StorageIntent> reserved = ready.computeIfAbsent(family(fsKey, compression),
                family -> new ConcurrentLinkedDeque<>());
        Instant freshUntil = clock.instant().plus(ledger.lease().multipliedBy(3).dividedBy(4));
        for (StorageIntent intent = reserved.pollFirst(); intent != null; intent = reserved.pollFirst()) {
            if (!intent.getLeaseUntil().isBefore(freshUntil)) {
                return intent;
            }
            // Aged here: garbage collection drops it once its lease has run out.
        }
        List<String> keys = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            keys.add(ContentKey.fresh(compression));
        }
        List<StorageIntent> taken = ledger.beginWrites(fsKey, keys);
        reserved.addAll(taken.subList(1, taken.size()));
        return taken.get(0);
    }

    /** Drops the intents no write has taken (when the server stops), so that nothing is left to collect. */
    void release() {
        List<StorageIntent> unused = new ArrayList<>();
        for (Deque<StorageIntent> reserved : ready.values()) {
            for (StorageIntent intent = reserved.pollFirst(); intent != null; intent = reserved.pollFirst()) {
                unused.add(intent);
            }
        }
        if (!unused.isEmpty()) {
            ledger.forgetUnused(unused);
        }
    }

    private static String family(String fsKey, CompressionMethod compression) {
        return compression == null ? fsKey : fsKey + '\0' + compression.suffix();
    }
}
