package io.fluvius.media.core.pipeline;

import java.util.Map;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.store.MediaManager;
import io.fluvius.media.core.store.RecordQuery;

/** How many entries point at one stored object. */
final class References {

    private References() {
    }

    static long count(MediaManager manager, String fsKey, String storageKey) {
        return manager.count(MediaEntry.class, RecordQuery.where(Map.of("fsKey", fsKey, "fsPath", storageKey)));
    }
}
