package io.fluvius.media.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.records.PlainSerialisation;
import io.fluvius.media.core.storage.DelegatingDriver;
import io.fluvius.media.core.storage.LocalDriver;

/**
 * Filesystems come from two places, and the listing shows both: the driver's connection definitions (here the
 * local factory's own {@code file} and an {@code s3} definition with a credential) and the registrations.
 */
class FilesystemListingTest {

    private static final String CREDENTIAL = "cfg-credential-7f3a9c";
    private static final FilesystemSpec ARCHIVE = new FilesystemSpec("archive", "s3", Map.of(
            "bucket", "archive", "endpoint", "http://127.0.0.1:9000", "identity", "archiver",
            "credential", CREDENTIAL));

    @TempDir
    Path dataDir;

    private MediaInterface media;

    @BeforeEach
    void start() {
        var driver = new DeclaringDriver(LocalDriver.connectionFactory(dataDir, "file"), ARCHIVE);
        media = new MediaInterface(MediaSettings.DEFAULTS, new NullMediaManager(), driver);
    }

    @Test
    void connectionDefinitionsAreListedBesideRegistrationsEachMarkedWithItsOrigin() {
        media.registerFilesystem("scratch", "memory", "Scratch space", Map.of());

        List<FilesystemInfo> listed = media.listFilesystems();

        assertEquals(List.of("archive", "file", "scratch"), listed.stream().map(FilesystemInfo::fsKey).toList(),
                "every filesystem once, by key");
        assertEquals(List.of(FilesystemInfo.SERVER_CONFIGURATION, FilesystemInfo.SERVER_CONFIGURATION,
                FilesystemInfo.REGISTERED), listed.stream().map(FilesystemInfo::origin).toList());
        FilesystemInfo scratch = listed.get(2);
        assertEquals("Scratch space", scratch.name());
        assertEquals("memory", scratch.protocol());
        FilesystemInfo file = listed.get(1);
        assertEquals("file", file.protocol());
        assertEquals(dataDir.toString(), file.params().get("root"));
        assertNull(file.created(), "a connection definition has no registration date");
    }

    @Test
    void aRegistrationWhoseParametersOrNameDoNotFitIsAnInvalidRequestAndRegistersNothing() {
        var nullValue = new java.util.HashMap<String, String>();
        nullValue.put("root", null);
        var nullName = new java.util.HashMap<String, String>();
        nullName.put(null, "x");
        for (Map<String, String> params : List.of(nullValue, nullName, Map.of("", "x"), Map.of("p".repeat(129), "x"),
                Map.of("bucket", "v".repeat(4001)), Map.of("bucket", "a\0b"))) {
            var e = assertThrows(InvalidMediaRequestException.class,
                    () -> media.registerFilesystem("scratch", "memory", "Scratch space", params), params::toString);
            assertEquals("media.invalid-params", e.code());
        }
        var e = assertThrows(InvalidMediaRequestException.class,
                () -> media.registerFilesystem("scratch", "memory", "n".repeat(256), Map.of()));
        assertEquals("media.invalid-params", e.code());
        assertEquals(List.of("archive", "file"), media.listFilesystems().stream().map(FilesystemInfo::fsKey).toList());
    }

    @Test
    void aConnectionDefinitionIsShownWithoutItsSecretParameters() throws Exception {
        FilesystemInfo archive = media.describeFilesystem("archive");

        assertEquals(FilesystemInfo.SERVER_CONFIGURATION, archive.origin());
        assertEquals(Map.of("bucket", "archive", "endpoint", "http://127.0.0.1:9000", "identity", "archiver"),
                archive.params(), "the credential is left out, the rest shown");
        assertFalse(media.listFilesystems().toString().contains(CREDENTIAL));
        var copy = (FilesystemInfo) PlainSerialisation.roundTrip(archive);
        assertEquals(archive, copy, "the remote view's form is the same, credential-free");
    }

    @Test
    void aRegistrationIsDescribedAsRegisteredAndAnUnknownKeyIsNotFound() {
        media.registerFilesystem("scratch", "memory", "Scratch space", Map.of());

        assertEquals(FilesystemInfo.REGISTERED, media.describeFilesystem("scratch").origin());
        var e = assertThrows(MediaNotFoundException.class, () -> media.describeFilesystem("nowhere"));
        assertEquals("media.filesystem-not-found", e.code());
    }

    /** The local driver with more connection definitions than its own: as a resource adapter has them. */
    private static final class DeclaringDriver extends DelegatingDriver {

        private static final long serialVersionUID = 1L;
        private final List<FilesystemSpec> declared;

        DeclaringDriver(MediaConnectionFactory local, FilesystemSpec... declared) {
            super(local);
            this.declared = List.of(declared);
        }

        @Override
        public List<FilesystemSpec> definitions() {
            var all = new ArrayList<>(delegate.definitions());
            all.addAll(declared);
            return all;
        }

        @Override
        public boolean isKnown(String fsKey) {
            return delegate.isKnown(fsKey) || declared.stream().anyMatch(d -> d.fsKey().equals(fsKey));
        }
    }
}
