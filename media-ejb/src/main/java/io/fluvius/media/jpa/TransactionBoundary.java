package io.fluvius.media.jpa;

import java.util.function.Supplier;

/**
 * Where the container draws transaction boundaries for the {@link JpaMediaManager}: the three attributes
 * the ledger needs, each as a method of an EJB (io.fluvius.media.ejb.Transactions).
 */
public interface TransactionBoundary {

    /** In the caller's transaction, or a new one. */
    <T> T required(Supplier<T> work);

    /** In a new transaction, committed on return; the caller's is suspended meanwhile. */
    <T> T requiresNew(Supplier<T> work);

    /** With no transaction; the caller's is suspended meanwhile. */
    <T> T notSupported(Supplier<T> work);
}
