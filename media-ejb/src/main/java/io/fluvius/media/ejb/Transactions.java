package io.fluvius.media.ejb;

import java.util.function.Supplier;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Local;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import io.fluvius.media.jpa.TransactionBoundary;

/**
 * The container's transaction attributes as calls: what the core's manager asks for when it streams
 * bytes (none open), writes an intent that must be committed before a byte moves (a new one), or changes
 * the ledger (the caller's, or a new one). The work runs as the caller: role checks happened before.
 * <p>
 * A singleton with bean-managed concurrency, not a pooled stateless bean: calls nest (a put streams inside
 * {@link #notSupported} and commits its intent through {@link #requiresNew} from there), so a pooled bean
 * needed two instances per concurrent put, and as many puts as the pool held (the pool's size derives from the
 * CPU count: 8 on 2 cores) each held one and waited for another until the pool's 5-minute timeout. The bean
 * has no state; the transaction attributes are the container's either way.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
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
