package io.fluvius.media.connector.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.connector.StorageUnavailableException;
import io.fluvius.media.connector.UnknownFilesystemException;

/** The JCA side: factories, registrations, managed connections and their events, without a container. */
class ConnectionLifecycleTest {

    @TempDir
    Path tempDir;

    private MediaManagedConnectionFactory managedFactory;
    private MediaConnectionFactory factory;

    @BeforeEach
    void createFactory() {
        managedFactory = fileDefinition("file", tempDir.resolve("data"));
        factory = managedFactory.createConnectionFactory();
    }

    @AfterEach
    void closeFactory() {
        managedFactory.close();
    }

    @Test
    void anUnknownFsKeyIsAnUnknownFilesystem() {
        assertThrows(UnknownFilesystemException.class, () -> factory.getConnection("nowhere"));
        assertFalse(factory.isKnown("nowhere"));
    }

    @Test
    void aRegisteredFilesystemIsReachableByItsKey() {
        factory.register(new FilesystemSpec("scratch", "memory", Map.of()));

        assertTrue(factory.isKnown("scratch"));
        try (MediaConnection scratch = factory.getConnection("scratch")) {
            scratch.write("k", new ByteArrayInputStream(new byte[] {1, 2}));
            assertEquals("scratch", scratch.fsKey());
            assertTrue(scratch.exists("k"));
        }
        try (MediaConnection own = factory.getConnection()) {
            assertEquals("file", own.fsKey());
            assertFalse(own.exists("k"));
        }
    }

    @Test
    void anUnknownProtocolIsAnInvalidFilesystemNamingTheSupportedOnes() {
        InvalidFilesystemException viaRegister = assertThrows(InvalidFilesystemException.class,
                () -> factory.register(new FilesystemSpec("x", "ftp", Map.of())));
        InvalidFilesystemException viaDefinition = assertThrows(InvalidFilesystemException.class,
                () -> MediaManagedConnectionFactory.forSpec(new FilesystemSpec("y", "hdfs", Map.of()))
                        .createConnectionFactory());

        assertTrue(viaRegister.getMessage().contains("supported protocols: file, memory"), viaRegister.getMessage());
        assertTrue(viaDefinition.getMessage().contains("is unknown"), viaDefinition.getMessage());
        assertFalse(factory.isKnown("x"));
    }

    @Test
    void registeringAgainReplacesTheDefinitionWhileOpenConnectionsKeepTheOldOne() {
        factory.register(new FilesystemSpec("scratch", "memory", Map.of()));
        try (MediaConnection before = factory.getConnection("scratch")) {
            before.write("k", new ByteArrayInputStream(new byte[] {1}));

            factory.register(new FilesystemSpec("scratch", "file", Map.of("root", tempDir.resolve("s").toString())));

            try (MediaConnection after = factory.getConnection("scratch")) {
                assertFalse(after.exists("k"));
            }
            assertTrue(before.exists("k"));
        }
    }

    @Test
    void aRegistrationCannotReplaceTheFactorysOwnFilesystem() {
        try (MediaConnection own = factory.getConnection()) {
            own.write("k", new ByteArrayInputStream(new byte[] {1}));
        }

        InvalidFilesystemException refused = assertThrows(InvalidFilesystemException.class,
                () -> factory.register(new FilesystemSpec("file", "memory", Map.of())));

        assertTrue(refused.getMessage().contains("connection definition"), refused.getMessage());
        try (MediaConnection own = factory.getConnection()) {
            assertTrue(own.exists("k"), "the declared filesystem still serves its key");
        }
    }

    @Test
    void aRegistrationCannotReplaceAnotherConnectionDefinitionOfTheAdapter() throws ResourceException {
        MediaResourceAdapter adapter = new MediaResourceAdapter();
        MediaManagedConnectionFactory files = fileDefinition("file", tempDir.resolve("a"));
        MediaManagedConnectionFactory scratch = new MediaManagedConnectionFactory();
        scratch.setFsKey("scratch");
        scratch.setProtocol("memory");
        files.setResourceAdapter(adapter);
        scratch.setResourceAdapter(adapter);
        MediaConnectionFactory filesFactory = files.createConnectionFactory();

        assertThrows(InvalidFilesystemException.class,
                () -> filesFactory.register(new FilesystemSpec("scratch", "file", Map.of("root", tempDir.toString()))));
        filesFactory.register(new FilesystemSpec("extra", "memory", Map.of()));

        try (MediaConnection extra = scratch.createConnectionFactory().getConnection("extra")) {
            assertEquals("extra", extra.fsKey());
        }
        adapter.stop();
    }

    @Test
    void aHandleOnAnUnknownFilesystemIsAResourceExceptionCarryingTheDriversOwn() {
        MediaManagedConnection managed = managed();

        ResourceException refused = assertThrows(ResourceException.class,
                () -> managed.getConnection(null, new MediaConnectionRequestInfo("nowhere")));

        assertInstanceOf(UnknownFilesystemException.class, refused.getCause());
    }

    @Test
    void registeringTheSameDefinitionAgainKeepsItsBackend() {
        factory.register(new FilesystemSpec("scratch", "memory", Map.of()));
        try (MediaConnection c = factory.getConnection("scratch")) {
            c.write("k", new ByteArrayInputStream(new byte[] {1}));
        }

        factory.register(new FilesystemSpec("scratch", "memory", Map.of()));

        try (MediaConnection c = factory.getConnection("scratch")) {
            assertTrue(c.exists("k"));
        }
    }

    @Test
    void closingAHandleFiresConnectionClosedWithThatHandle() throws ResourceException {
        MediaManagedConnection managed = managed();
        RecordingListener listener = new RecordingListener();
        managed.addConnectionEventListener(listener);
        MediaConnection handle = (MediaConnection) managed.getConnection(null, new MediaConnectionRequestInfo("file"));

        handle.close();
        handle.close();

        assertEquals(1, listener.events.size());
        assertEquals(ConnectionEvent.CONNECTION_CLOSED, listener.events.get(0).getId());
        assertSame(handle, listener.events.get(0).getConnectionHandle());
        assertSame(managed, listener.events.get(0).getSource());
    }

    @Test
    void cleanupInvalidatesEveryOutstandingHandleAndTheManagedConnectionIsReusable() throws ResourceException {
        MediaManagedConnection managed = managed();
        RecordingListener listener = new RecordingListener();
        managed.addConnectionEventListener(listener);
        MediaConnection first = (MediaConnection) managed.getConnection(null, null);
        MediaConnection second = (MediaConnection) managed.getConnection(null, new MediaConnectionRequestInfo("file"));

        managed.cleanup();

        assertRefused(first);
        assertRefused(second);
        assertEquals(List.of(), listener.events, "cleanup is the container's act, not the application's close");
        try (MediaConnection third = (MediaConnection) managed.getConnection(null, null)) {
            assertFalse(third.exists("k"));
        }
    }

    @Test
    void destroyInvalidatesHandlesAndRefusesNewOnes() throws ResourceException {
        MediaManagedConnection managed = managed();
        MediaConnection handle = (MediaConnection) managed.getConnection(null, null);

        managed.destroy();

        assertRefused(handle);
        assertThrows(ResourceException.class, () -> managed.getConnection(null, null));
    }

    @Test
    void anAssociatedHandleMovesAndSurvivesItsFormerOwnersCleanup() throws ResourceException {
        MediaManagedConnection first = managed();
        MediaManagedConnection second = managed();
        RecordingListener secondListener = new RecordingListener();
        second.addConnectionEventListener(secondListener);
        MediaConnection handle = (MediaConnection) first.getConnection(null, null);

        second.associateConnection(handle);
        first.cleanup();

        assertFalse(handle.exists("k"));
        handle.close();
        assertEquals(1, secondListener.events.size());
        assertThrows(ResourceException.class, () -> second.associateConnection("not a handle"));
    }

    @Test
    void aBrokenStoreFiresConnectionErrorOccurredAndTheNextConnectionRecovers() throws Exception {
        MediaManagedConnection managed = managed();
        RecordingListener listener = new RecordingListener();
        managed.addConnectionEventListener(listener);
        MediaConnection handle = (MediaConnection) managed.getConnection(null, null);
        handle.write("k", new ByteArrayInputStream(new byte[] {1}));
        deleteTree(tempDir.resolve("data"));

        assertThrows(StorageUnavailableException.class,
                () -> handle.write("k", new ByteArrayInputStream(new byte[] {2})));

        assertEquals(ConnectionEvent.CONNECTION_ERROR_OCCURRED, listener.events.get(0).getId());
        assertInstanceOf(StorageUnavailableException.class, listener.events.get(0).getException());
        try (MediaConnection fresh = factory.getConnection()) {
            fresh.write("k", new ByteArrayInputStream(new byte[] {3}));
            assertTrue(fresh.exists("k"));
        }
    }

    @Test
    void aFailedRequestOnAHealthyStoreFiresNoEvent() throws ResourceException {
        MediaManagedConnection managed = managed();
        RecordingListener listener = new RecordingListener();
        managed.addConnectionEventListener(listener);
        MediaConnection handle = (MediaConnection) managed.getConnection(null, null);

        assertThrows(MediaStorageException.class, () -> handle.read("missing"));

        assertEquals(List.of(), listener.events);
    }

    @Test
    void transactionsAreNotSupported() {
        MediaManagedConnection managed = managed();

        assertThrows(NotSupportedException.class, managed::getLocalTransaction);
        assertThrows(NotSupportedException.class, managed::getXAResource);
    }

    @Test
    void anyManagedConnectionOfTheDefinitionMatchesAnyFsKey() {
        MediaManagedConnection managed = managed();
        MediaManagedConnection ofAnother = fileDefinition("other", tempDir.resolve("o")).createManagedConnection(null, null);

        assertSame(managed, managedFactory.matchManagedConnections(Set.of(managed), null,
                new MediaConnectionRequestInfo("scratch")));
        assertEquals(null, managedFactory.matchManagedConnections(Set.of(ofAnother), null, null));
    }

    @Test
    void connectionDefinitionsOfOneAdapterReachEachOther() throws ResourceException {
        MediaResourceAdapter adapter = new MediaResourceAdapter();
        MediaManagedConnectionFactory files = fileDefinition("file", tempDir.resolve("a"));
        MediaManagedConnectionFactory scratch = new MediaManagedConnectionFactory();
        scratch.setFsKey("scratch");
        scratch.setProtocol("memory");
        files.setResourceAdapter(adapter);
        scratch.setResourceAdapter(adapter);

        MediaConnectionFactory filesFactory = files.createConnectionFactory();
        try (MediaConnection viaFiles = filesFactory.getConnection("scratch")) {
            viaFiles.write("k", new ByteArrayInputStream(new byte[] {1}));
        }
        try (MediaConnection direct = scratch.createConnectionFactory().getConnection()) {
            assertTrue(direct.exists("k"));
        }

        adapter.stop();
        assertThrows(MediaStorageException.class, () -> filesFactory.getConnection());
    }

    @Test
    void anUnusableDefinitionFailsItsAssociationWithTheAdapter() {
        MediaManagedConnectionFactory noRoot = new MediaManagedConnectionFactory();

        ResourceException refused = assertThrows(ResourceException.class,
                () -> noRoot.setResourceAdapter(new MediaResourceAdapter()));

        assertTrue(refused.getMessage().contains("root"), refused.getMessage());
    }

    @Test
    void configPropertiesMakeTheSpecAndNamedOnesWinOverParams() {
        MediaManagedConnectionFactory definition = new MediaManagedConnectionFactory();
        definition.setFsKey("archive");
        definition.setProtocol("s3");
        definition.setBucket("media");
        definition.setIdentity("AKIA");
        definition.setCredential("s3cr3t");
        definition.setParams("bucket=ignored; storage-class = GLACIER ;;path-style=true");

        FilesystemSpec spec = definition.toSpec();

        assertEquals(new FilesystemSpec("archive", "s3", Map.of("bucket", "media", "key", "AKIA", "secret", "s3cr3t",
                "storage-class", "GLACIER", "path-style", "true")), spec);
        assertFalse(definition.toString().contains("s3cr3t"));
        definition.setParams("no-equals-sign");
        assertThrows(InvalidFilesystemException.class, definition::toSpec);
    }

    @Test
    void forSpecKeepsEveryParameter() {
        FilesystemSpec spec = new FilesystemSpec("s", "memory", Map.of("root", "/r", "key", "id", "secret", "pw",
                "odd;value", "a=b;c"));

        assertEquals(spec, MediaManagedConnectionFactory.forSpec(spec).toSpec());
    }

    @Test
    void definitionsAreEqualWhenTheirConfigPropertiesAre() {
        MediaManagedConnectionFactory a = fileDefinition("file", tempDir);
        MediaManagedConnectionFactory b = fileDefinition("file", tempDir);

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setRegion("eu-west-1");
        assertNotEquals(a, b);
    }

    private MediaManagedConnection managed() {
        return managedFactory.createManagedConnection(null, null);
    }

    private static MediaManagedConnectionFactory fileDefinition(String fsKey, Path root) {
        MediaManagedConnectionFactory definition = new MediaManagedConnectionFactory();
        definition.setFsKey(fsKey);
        definition.setProtocol("file");
        definition.setRoot(root.toString());
        return definition;
    }

    private static void assertRefused(MediaConnection handle) {
        MediaStorageException refused = assertThrows(MediaStorageException.class, () -> handle.exists("k"));
        assertTrue(refused.getMessage().contains("connection is closed"), refused.getMessage());
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static final class RecordingListener implements ConnectionEventListener {

        final List<ConnectionEvent> events = new ArrayList<>();

        @Override
        public void connectionClosed(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            events.add(event);
        }
    }
}
