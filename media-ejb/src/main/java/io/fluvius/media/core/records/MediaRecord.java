package io.fluvius.media.core.records;

import java.io.Serializable;

/**
 * Something a {@link MediaManager} keeps: an entry or a filesystem. Records expose their queryable
 * properties by name so that one query model serves both the in-memory and the JPA manager.
 */
public interface MediaRecord extends Serializable {

    /** The record's identity (a UUID for entries, the fsKey for filesystems). */
    Object recordId();

    /**
     * The value of a queryable property, by the same name the JPA mapping uses.
     *
     * @throws IllegalArgumentException for a property the record does not have
     */
    Object property(String name);
}
