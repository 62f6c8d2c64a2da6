package io.fluvius.media.it.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fluvius.media.connector.BlobInfo;
import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.core.MediaAccessDeniedException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.ejb.MediaServiceRemote;
import io.fluvius.media.it.RealmUser;

/**
 * Another application uses Fluvius Media: these tests run inside media-client.war, deployed next to
 * media.ear, and reach the product only as such an application can, through JNDI: the driver's connection
 * factory, and the remote view of MediaService.
 */
@ExtendWith(ArquillianExtension.class)
class ClientDeploymentIT {

    private static final String CONNECTION_FACTORY = "java:/eis/media/MediaConnectionFactory";
    private static final String MEMORY_CONNECTION_FACTORY = "java:/eis/media/memory";
    private static final String MEDIA_SERVICE =
            "java:global/media/media-ejb/MediaService!io.fluvius.media.ejb.MediaServiceRemote";

    /** Every test writes under its own prefix: the filesystems outlive a test. */
    private final String prefix = "client-it/" + UUID.randomUUID() + "/";

    @Deployment(name = ClientDeployments.MEDIA, order = 1, testable = false)
    static EnterpriseArchive media() {
        return ClientDeployments.mediaEar();
    }

    @Deployment(name = ClientDeployments.CLIENT, order = 2)
    static WebArchive client() {
        return ClientDeployments.clientWar();
    }

    @Test
    @OperateOnDeployment(ClientDeployments.CLIENT)
    void writtenBytesReadBackAsAByteRange() throws Exception {
        byte[] content = randomBytes(256 * 1024, 1);
        String key = prefix + "range.bin";

        try (MediaConnection connection = connectionFactory().getConnection()) {
            assertEquals("file", connection.fsKey());
            assertEquals(content.length, connection.write(key, new ByteArrayInputStream(content)));
            try (InputStream range = connection.read(key, 100_000, 1_000)) {
                assertArrayEquals(Arrays.copyOfRange(content, 100_000, 101_000), range.readAllBytes());
            }
        }
    }

    @Test
    @OperateOnDeployment(ClientDeployments.CLIENT)
    void listingByPrefixReturnsOnlyTheKeysUnderItInKeyOrder() throws Exception {
        try (MediaConnection connection = connectionFactory().getConnection()) {
            for (String key : List.of("reports/b.pdf", "reports/a.pdf", "reportsX/c.pdf", "scans/d.png")) {
                connection.write(prefix + key, new ByteArrayInputStream(randomBytes(100, key.hashCode())));
            }

            List<BlobInfo> reports = connection.list(prefix + "reports/");

            assertEquals(List.of(prefix + "reports/a.pdf", prefix + "reports/b.pdf"),
                    reports.stream().map(BlobInfo::key).toList());
            assertEquals(100, reports.get(0).size());
        }
    }

    @Test
    @OperateOnDeployment(ClientDeployments.CLIENT)
    void copyToTheMemoryFilesystemStreamsTheBytesAcross() throws Exception {
        byte[] content = randomBytes(300_000, 2);
        String key = prefix + "copied.bin";
        MediaConnectionFactory factory = connectionFactory();

        try (MediaConnection file = factory.getConnection(); MediaConnection memory = factory.getConnection("memory")) {
            file.write(key, new ByteArrayInputStream(content));

            assertEquals(content.length, file.copyTo(key, memory, key));

            assertEquals("memory", memory.fsKey());
            assertEquals(sha256(content), sha256(memory.read(key)));
        }
        try (MediaConnection memory = memoryConnectionFactory().getConnection()) {
            assertTrue(memory.exists(key), "the memory connection definition serves the same filesystem");
        }
    }

    @Test
    @OperateOnDeployment(ClientDeployments.CLIENT)
    void aClosedConnectionRefusesFurtherUse() throws Exception {
        MediaConnection connection = connectionFactory().getConnection();
        connection.close();
        connection.close();

        MediaStorageException refused = assertThrows(MediaStorageException.class,
                () -> connection.exists(prefix + "any"));
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    }

    @Test
    @OperateOnDeployment(ClientDeployments.CLIENT)
    void aFilesystemRegisteredAtRunTimeIsReachableThroughEveryConnectionFactory() throws Exception {
        String fsKey = "client-" + UUID.randomUUID();
        connectionFactory().register(new FilesystemSpec(fsKey, "memory", Map.of()));

        try (MediaConnection viaOne = connectionFactory().getConnection(fsKey)) {
            viaOne.write(prefix + "k", new ByteArrayInputStream(randomBytes(10, 3)));
        }
        try (MediaConnection viaOther = memoryConnectionFactory().getConnection(fsKey)) {
            assertEquals(fsKey, viaOther.fsKey());
            assertTrue(viaOther.exists(prefix + "k"));
        }
        assertThrows(InvalidFilesystemException.class,
                () -> connectionFactory().register(new FilesystemSpec("file", "memory", Map.of())),
                "a registration never replaces a connection definition of the server configuration");
    }

    @Test
    @OperateOnDeployment(ClientDeployments.CLIENT)
    void theRemoteServiceStoresAFileForAWriterAndReturnsItToAReader() throws Exception {
        byte[] content = randomBytes(50_000, 4);
        MediaServiceRemote service = mediaService();

        MediaEntry stored = RealmUser.WRITER.call(() -> service.put(content,
                PutOptions.named("client.bin").withResource("client-it", prefix)));
        byte[] read = RealmUser.READER.call(() -> service.get(stored.getId()));

        assertNotNull(stored.getId());
        assertEquals(sha256(content), stored.getFilehash());
        assertEquals(content.length, stored.getLength());
        assertArrayEquals(content, read);
    }

    @Test
    @OperateOnDeployment(ClientDeployments.CLIENT)
    void aCallerWithoutTheWriterRoleIsRefusedAndOneWithItSucceeds() throws Exception {
        byte[] content = randomBytes(1_000, 5);
        MediaServiceRemote service = mediaService();
        PutOptions options = PutOptions.named("refused.bin").withResource("client-it", prefix);

        MediaAccessDeniedException refused = assertThrows(MediaAccessDeniedException.class,
                () -> RealmUser.READER.call(() -> service.put(content, options)));
        MediaEntry stored = RealmUser.WRITER.call(() -> service.put(content, options));

        assertTrue(refused.getMessage().contains("media-writer"), refused.getMessage());
        assertEquals(sha256(content), stored.getFilehash());
    }

    @Test
    @OperateOnDeployment(ClientDeployments.CLIENT)
    void anUnauthenticatedCallerIsRefused() throws Exception {
        MediaServiceRemote service = mediaService();

        assertThrows(MediaAccessDeniedException.class, () -> service.exists(UUID.randomUUID()));
    }

    private static MediaConnectionFactory connectionFactory() throws NamingException {
        return (MediaConnectionFactory) new InitialContext().lookup(CONNECTION_FACTORY);
    }

    private static MediaConnectionFactory memoryConnectionFactory() throws NamingException {
        return (MediaConnectionFactory) new InitialContext().lookup(MEMORY_CONNECTION_FACTORY);
    }

    private static MediaServiceRemote mediaService() throws NamingException {
        return (MediaServiceRemote) new InitialContext().lookup(MEDIA_SERVICE);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Hashes the stream without holding it, and closes it. */
    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
