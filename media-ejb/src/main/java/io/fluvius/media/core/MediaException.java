package io.fluvius.media.core;

/** What every {@code MediaInterface} error has: a stable code, the one the HTTP API puts in problem+json. */
public interface MediaException {

    /** Stable machine-readable code, e.g. {@code media.not-found}. */
    String code();
}
