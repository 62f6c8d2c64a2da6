package io.fluvius.media.ejb;

/** The three roles of the product (API.md §3), as the security domain names them. */
public enum MediaRole {
    /** Reads entries and their bytes. */
    READER("media-reader"),
    /** Stores, copies and deletes files. */
    WRITER("media-writer"),
    /** Registers filesystems, runs jobs, reaches storage directly. */
    ADMIN("media-admin");

    private final String roleName;

    MediaRole(String roleName) {
        this.roleName = roleName;
    }

    public String roleName() {
        return roleName;
    }
}
