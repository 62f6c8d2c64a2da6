package io.fluvius.media.ejb;

import java.util.function.Supplier;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import io.fluvius.media.jpa.TransactionBoundary;

/**
 * The container's transaction attributes as calls: what the core's manager asks for when it streams
 * bytes (none open), writes an intent that must be committed before a byte moves (a new one), or changes
 * the ledger (the caller's, or a new one). The work runs as the caller: role checks happened before.
 */
@Stateless
@Local(TransactionBoundary.class)
@PermitAll
public class Transactions implements TransactionBoundary {

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public <T> T required(Supplier<T> work) {
        return work.get();
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public <T> T requiresNew(Supplier<T> work) {
        return work.get();
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public <T> T notSupported(Supplier<T> work) {
        return work.get();
    }
}
