package io.fluvius.media.ejb;

/** The three roles of the product (API.md §3), as the security domain names them. */
public enum MediaRole {
    /** Reads entries and their bytes. */
    READER("media-reader"),
    /** Stores, copies and deletes files. */
    WRITER("media-writer"),
    /** Registers filesystems, runs jobs, reaches storage directly. */
    ADMIN("media-admin"),
    /**
     * Any caller, anonymous included: the operation's argument proves the right to it (a signed link) and the
     * operation checks that proof itself.
     */
    ANYONE(null);

    private final String roleName;

    MediaRole(String roleName) {
        this.roleName = roleName;
    }

    /** The role's name in the security domain; {@code null} for {@link #ANYONE}. */
    public String roleName() {
        return roleName;
    }
}
