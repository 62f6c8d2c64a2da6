package io.fluvius.media.core;

/**
 * A registration under a key that is already registered with other parameters: re-pointing a key would
 * re-point every entry stored under it, so it is refused (409 {@code media.filesystem-exists}). Registering
 * the same definition again is accepted and changes nothing. A {@code file} root on, inside or around another
 * filesystem's root is a conflict of the same kind (409 {@code media.filesystem-overlap}).
 */
public class FilesystemExistsException extends IllegalStateException implements MediaException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public FilesystemExistsException(String message) {
        this("media.filesystem-exists", message);
    }

    /** @param code {@code media.filesystem-exists}, or {@code media.filesystem-overlap} for a root on another's */
    public FilesystemExistsException(String code, String message) {
        super(message);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
