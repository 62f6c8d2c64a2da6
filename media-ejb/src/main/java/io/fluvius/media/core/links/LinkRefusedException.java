package io.fluvius.media.core.links;

import io.fluvius.media.core.MediaException;

/**
 * A signed link that does not grant the read: expired ({@code media.link-expired}), or not one this service
 * signed for this file, or signed with a key retired for longer than its overlap ({@code media.link-invalid}).
 * Both are a 403.
 */
public class LinkRefusedException extends SecurityException implements MediaException {

    private static final long serialVersionUID = 1L;

    private final String code;

    private LinkRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    static LinkRefusedException expired(String message) {
        return new LinkRefusedException("media.link-expired", message);
    }

    static LinkRefusedException invalid(String message) {
        return new LinkRefusedException("media.link-invalid", message);
    }

    @Override
    public String code() {
        return code;
    }
}
