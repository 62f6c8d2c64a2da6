package io.fluvius.media.batch.verify;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.fluvius.media.batch.sweep.SwitchedProcessor;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.verify.BlobVerification;
import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.ejb.jobs.JobFinding;

/**
 * Re-reads one blob ({@link MediaInterface#verifyBlob}, which suspends the chunk's transaction while the bytes
 * move) and turns a mismatch or a missing blob into a finding naming the entries that reference it. A blob that
 * garbage collection took meanwhile is filtered out: it is no finding.
 */
@Named("verifySweepProcessor")
@Dependent
public class VerifySweepProcessor extends SwitchedProcessor {

    private static final int ENTRY_IDS = 100;

    @Inject
    MediaCore core;

    @Override
    protected VerifiedBlob process(Object item) {
        UUID blobId = (UUID) item;
        MediaInterface media = core.media();
        BlobVerification found = media.verifyBlob(blobId).orElse(null);
        if (found == null) {
            return null;
        }
        if (found.intact()) {
            return new VerifiedBlob(found.bytesRead(), null);
        }
        return new VerifiedBlob(found.bytesRead(), new JobFinding(found.outcome().name().toLowerCase(Locale.ROOT),
                blobId, media.entriesOfBlob(blobId, ENTRY_IDS), found.detail()));
    }
}
