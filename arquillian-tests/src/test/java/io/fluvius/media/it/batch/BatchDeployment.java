package io.fluvius.media.it.batch;

import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

import io.fluvius.media.core.records.SelfCommittingMediaManager;
import io.fluvius.media.it.InServerTests;
import io.fluvius.media.it.persistence.TransactionalMediaManager;

/** media.ear with media-batch-tests.war: the in-server tests of the sweeps. */
public final class BatchDeployment {

    public static final String CONTEXT_ROOT = "/media-batch-tests";

    private BatchDeployment() {
    }

    public static EnterpriseArchive mediaEarWithTests() {
        return InServerTests.mediaEarWith(InServerTests.module("media-batch-tests.war")
                .addPackage(BatchDeployment.class.getPackage())
                .addClasses(TransactionalMediaManager.class, SelfCommittingMediaManager.class), CONTEXT_ROOT);
    }
}
