package io.fluvius.media.it.persistence;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.records.SelfCommittingMediaManager;
import io.fluvius.media.jpa.JpaMediaManager;
import io.fluvius.media.jpa.TransactionBoundary;

/**
 * The production {@link JpaMediaManager} on the application's persistence unit and its transaction
 * boundary (the application's {@code Transactions} EJB), each change committed on its own when no
 * transaction is open: every record the contract reads back has made the round trip through the database
 * (or the second-level cache), not merely through a persistence context.
 */
@ApplicationScoped
public class TransactionalMediaManager extends SelfCommittingMediaManager {

    @PersistenceContext(unitName = "media")
    EntityManager em;

    @EJB
    TransactionBoundary transactions;

    @Override
    protected MediaManager delegate() {
        return new JpaMediaManager(em, transactions);
    }
}
