package io.fluvius.media.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.records.MediaManager;

/** The plain lookup of registered filesystems, before any cache. */
class FilesystemLookupTest {

    @Test
    void aKeyThatRegistrationRefusesIsNotFoundWithoutAskingTheDatabase() {
        MediaManager unasked = (MediaManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MediaManager.class}, (proxy, method, args) -> {
                    throw new AssertionError("the database was asked: " + method.getName());
                });
        FilesystemLookup lookup = FilesystemLookup.of(unasked);
        for (String never : new String[] {null, "", "\0", "fs\0", "-leading", "a b", "x".repeat(65)}) {
            assertEquals(Optional.empty(), lookup.find(never), String.valueOf(never));
        }
    }
}
