package io.fluvius.media.it.ledger;

import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

import io.fluvius.media.core.io.StallingInputStream;
import io.fluvius.media.core.ledger.SharedContentRace;
import io.fluvius.media.core.records.SelfCommittingMediaManager;
import io.fluvius.media.it.InServerTests;
import io.fluvius.media.it.persistence.TransactionalMediaManager;

/** media.ear with media-ledger-tests.war: the in-server tests of the blob ledger and their servlets. */
public final class LedgerDeployment {

    public static final String CONTEXT_ROOT = "/media-ledger-tests";

    private LedgerDeployment() {
    }

    public static EnterpriseArchive mediaEarWithTests() {
        return InServerTests.mediaEarWith(InServerTests.module("media-ledger-tests.war")
                .addPackage(LedgerDeployment.class.getPackage())
                .addClasses(SharedContentRace.class, SharedContentRace.Outcome.class, StallingInputStream.class,
                        TransactionalMediaManager.class, SelfCommittingMediaManager.class), CONTEXT_ROOT);
    }
}
