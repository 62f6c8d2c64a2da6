package io.fluvius.media.connector.spi.backend;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * The storage protocols this driver can open, by their fsspec names, each with the backend that
 * serves it. Adding a protocol means one constant here and one backend class beside it.
 */
public enum Protocol {

    /** A local directory (param {@code root}, created if missing). */
    FILE("file", "root") {
        @Override
        public void check(FilesystemSpec spec) {
            FileBackend.rootOf(spec);
        }

        @Override
        public StorageBackend open(FilesystemSpec spec) {
            return FileBackend.open(spec);
        }
    },

    /** In-process memory: bytes live on the heap and vanish with the adapter. */
    MEMORY("memory") {
        @Override
        public StorageBackend open(FilesystemSpec spec) {
            return MemoryBackend.open(spec);
        }
    },

    /**
     * Any S3-compatible endpoint (AWS signature v4): params {@code bucket}, {@code key}, {@code secret},
     * optional {@code endpoint}, {@code region}, {@code pathStyle}, {@code partSize} and the bounds
     * {@code connectTimeout}, {@code readTimeout}, {@code retries}, {@code deadline} (see S3Settings).
     */
    S3("s3", S3Settings.PARAMETERS) {
        @Override
        public void check(FilesystemSpec spec) {
            S3Backend.check(spec);
        }

        @Override
        public StorageBackend open(FilesystemSpec spec) {
            return S3Backend.open(spec);
        }
    },

    /**
     * Google Cloud Storage with a service account's JSON key (GcsBackend: bucket, serviceAccount, endpoint,
     * partSize, parallelParts, timeouts); not tested against a live service.
     */
    GCS("gcs", GcsSettings.PARAMETERS) {
        @Override
        public void check(FilesystemSpec spec) {
            GcsBackend.check(spec);
        }

        @Override
        public StorageBackend open(FilesystemSpec spec) {
            return GcsBackend.open(spec);
        }
    },

    /** Azure Blob Storage with an account key (AzureBackend: account, key, endpoint, container, timeouts). */
    AZURE("azure", AzureSettings.PARAMETERS) {
        @Override
        public void check(FilesystemSpec spec) {
            AzureBackend.check(spec);
        }

        @Override
        public StorageBackend open(FilesystemSpec spec) {
            return AzureBackend.open(spec);
        }
    },

    /** OpenStack Swift (TempAuth or Keystone v3); see SwiftSettings for its parameters. */
    SWIFT("swift", SwiftSettings.PARAMETERS) {
        @Override
        public void check(FilesystemSpec spec) {
            SwiftBackend.check(spec);
        }

        @Override
        public StorageBackend open(FilesystemSpec spec) {
            return SwiftBackend.open(spec);
        }
    };

    /** Protocols of the product's contract (API.md) that this driver version does not serve yet. */
    private static final Set<String> PLANNED = Set.of();

    private final String fsspecName;
    private final Set<String> parameters;

    Protocol(String fsspecName, String... parameters) {
        this.fsspecName = fsspecName;
        this.parameters = Set.of(parameters);
    }

    /** The parameters a definition of this protocol may carry; any other is refused. */
    public Set<String> parameters() {
        return parameters;
    }

    public String fsspecName() {
        return fsspecName;
    }

    /**
     * The protocol a filesystem definition names.
     *
     * @throws InvalidFilesystemException when the driver cannot serve it; the message lists those it can
     */
    public static Protocol of(FilesystemSpec spec) {
        String name = spec.protocol().trim().toLowerCase(Locale.ROOT);
        for (Protocol protocol : values()) {
            if (protocol.fsspecName.equals(name)) {
                protocol.refuseUnknownParameters(spec);
                return protocol;
            }
        }
        String why = PLANNED.contains(name) ? "is not available in this driver version" : "is unknown";
        throw new InvalidFilesystemException("Protocol '" + spec.protocol() + "' of filesystem '" + spec.fsKey()
                + "' " + why + "; supported protocols: " + supportedNames());
    }

    public static String supportedNames() {
        return Arrays.stream(values()).map(Protocol::fsspecName).collect(Collectors.joining(", "));
    }

    /**
     * Checks the definition's parameters without opening anything, so that a bad registration fails
     * when it is made rather than at first use.
     *
     * @throws InvalidFilesystemException naming the missing or bad parameter
     */
    public void check(FilesystemSpec spec) {
    }

    private void refuseUnknownParameters(FilesystemSpec spec) {
        var unknown = new java.util.TreeSet<>(spec.params().keySet());
        unknown.removeAll(parameters);
        if (!unknown.isEmpty()) {
            throw new InvalidFilesystemException("Filesystem '" + spec.fsKey() + "' (protocol " + fsspecName
                    + ") has unknown parameters " + unknown + "; the protocol takes "
                    + (parameters.isEmpty() ? "none" : new java.util.TreeSet<>(parameters)));
        }
    }

    /** Opens the backend; the caller closes it. */
    public abstract StorageBackend open(FilesystemSpec spec);
}
