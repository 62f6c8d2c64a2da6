package io.fluvius.media.it.persistence;

import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

import io.fluvius.media.core.records.MediaManagerContract;
import io.fluvius.media.core.records.PlainSerialisation;
import io.fluvius.media.core.records.SelfCommittingMediaManager;
import io.fluvius.media.it.InServerTests;

/** The deployment of the persistence tests: media.ear with media-persistence-tests.war, which holds them. */
final class PersistenceDeployment {

    static final String EXPECTED_DATABASE = InServerTests.EXPECTED_DATABASE;

    private PersistenceDeployment() {
    }

    static EnterpriseArchive mediaEarWithTests() {
        return InServerTests.mediaEarWith(InServerTests.module("media-persistence-tests.war")
                .addPackage(PersistenceDeployment.class.getPackage())
                .addClasses(MediaManagerContract.class, SelfCommittingMediaManager.class, PlainSerialisation.class), "/media-persistence-tests");
    }
}
