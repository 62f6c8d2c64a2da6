package io.fluvius.media.connector.spi.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

import org.jclouds.ContextBuilder;
import org.jclouds.azure.storage.config.AuthType;
import org.jclouds.azure.storage.config.AzureStorageProperties;
import org.jclouds.azureblob.AzureBlobClient;
import org.jclouds.azureblob.AzureBlobProviderMetadata;
import org.jclouds.blobstore.BlobStoreContext;


import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;
import io.fluvius.media.connector.StorageUnavailableException;

/**
 * Protocol {@code azure}: Azure Blob Storage (or Azurite) through the jclouds {@code azureblob} API, with
 * shared-key authentication. Objects are block blobs in one container of the account.
 *
 * <p>A write is atomic per key: an object that fits in one block is one PUT; a larger one is uploaded as
 * uncommitted blocks and appears only when its block list is committed. Uncommitted blocks of a failed
 * write are invisible and Azure discards them after a week. Up to {@code parallelBlocks} blocks are sent
 * at once; memory per write is bounded by {@code blockSize × parallelBlocks}.
 */
final class AzureBackend extends JcloudsBackend {

    /** Blocks per blob, Azure's limit: with the default 4 MiB blocks, objects up to about 195 GiB. */
    private static final int MAX_BLOCKS = 50_000;

    private final AzureBlobClient client;
    private final ParallelParts blocks;

    private AzureBackend(AzureSettings settings, BlobStoreContext context) {
        super(settings.fsKey(), context, settings.container());
        this.client = context.unwrapApi(AzureBlobClient.class);
        this.blocks = partSenders(settings.blockSize(), settings.parallelBlocks(), MAX_BLOCKS, "blockSize");
    }

    /**
     * Registration's check: the parameters, then one authenticated request (does the container exist?), so
     * that a wrong key is refused when the filesystem is defined, naming {@code key}. A service that does not
     * answer does not make the definition wrong (it may be down for a while, and connection definitions are
     * checked when the server starts): first use reports it.
     *
     * @throws io.fluvius.media.connector.InvalidFilesystemException for a bad parameter or a refused key
     */
    static void check(FilesystemSpec spec) {
        AzureSettings settings = AzureSettings.of(spec);
        checkCredentials(() -> context(settings), settings.container(), () -> refused(settings));
    }

    /** jclouds' message quotes the request, never the key; ours says what to change and no more (no cause). */
    private static InvalidFilesystemException refused(AzureSettings settings) {
        return AzureSettings.invalid(settings.fsKey(), "key", "was refused by storage account '"
                + settings.account() + "' at " + settings.endpoint() + " (authentication failed): check "
                + "'account' and 'key'");
    }

    /**
     * Opens the filesystem with one authenticated call (the container is created if missing), so that a
     * wrong key is reported here, naming the parameter, rather than at the first read.
     */
    static AzureBackend open(FilesystemSpec spec) {
        AzureSettings settings = AzureSettings.of(spec);
        BlobStoreContext context = context(settings);
        try {
            context.getBlobStore().createContainerInLocation(null, settings.container());
        } catch (RuntimeException e) {
            context.close();
            if (!refusesCredentials(e)) {
                throw new StorageUnavailableException("Filesystem '" + settings.fsKey() + "' (protocol azure): "
                        + settings.endpoint() + " did not answer as a blob service within the deadline ("
                        + e.getClass().getSimpleName() + ")", e);
            }
            throw refused(settings);
        }
        return new AzureBackend(settings, context);
    }

    private static BlobStoreContext context(AzureSettings settings) {
        Properties overrides = bounds(settings.connectTimeout().toMillis(), settings.readTimeout().toMillis(),
                settings.retries(), AzureSettings.RETRY_DELAY_START_MILLIS);
        // Shared Key rather than jclouds' default Shared Key Lite: Azure takes both, Azurite only the first.
        overrides.setProperty(AzureStorageProperties.AUTH_TYPE, AuthType.AZURE_SHARED_KEY.toString());
        return buildContext(() -> ContextBuilder.newBuilder(new AzureBlobProviderMetadata())
                .endpoint(settings.endpoint().toString())
                .credentials(settings.account(), settings.key())
                .overrides(overrides), settings.key());
    }

    /**
     * Reads the caller's stream one block at a time: a short first block is the whole object, stored by
     * one PUT; otherwise every block is put under an id unique to this write (two writers of one key never
     * mix blocks), up to {@code parallelBlocks} at once while the next is read, and the list is committed
     * at the end, in one streaming pass. A failed block fails the write before anything is committed.
     */
    @Override
    public long write(String key, InputStream data) {
        SegmentBuffer first = blocks.buffer();
        try {
            first.fill(data);
            if (!first.isFull()) {
                blobStore.putBlob(container, blobStore.blobBuilder(key).payload(first.payload()).build());
                return first.length();
            }
            String upload = UUID.randomUUID().toString().replace("-", "");
            ParallelParts.Sent<String> sent = blocks.send(key, first, data, (number, payload) -> {
                String blockId = blockId(upload, number - 1);
                client.putBlock(container, key, blockId, payload);
                return blockId;
            });
            client.putBlockList(container, key, sent.parts());
            return sent.bytes();
        } catch (IOException | RuntimeException e) {
            throw failures.writeFailed(key, e);
        }
    }

    /** Azure wants base64 ids of one length per blob, at most 64 bytes before encoding. */
    private static String blockId(String upload, int index) {
        String id = upload + "-" + String.format("%06d", index);
        return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Nothing to do: a failed write leaves only uncommitted blocks, which no listing shows and which Azure
     * itself discards seven days after they were put; they cannot be deleted on their own either.
     */
    @Override
    public int abortStaleUploads(java.time.Instant startedBefore) {
        return 0;
    }

    /** Azure returns at most 5000 keys a page. */
    @Override
    protected int listPageSize() {
        return 5000;
    }
}
