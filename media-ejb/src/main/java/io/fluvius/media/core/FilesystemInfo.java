package io.fluvius.media.core;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fluvius.media.connector.FilesystemSpec;

/**
 * What callers see of a filesystem, wherever it is defined: its key, protocol, name and parameters, never a secret
 * one ({@link MediaFilesystem#isSecret}), and where it comes from.
 *
 * @param name    the name it was registered with; {@code null} for a connection definition, which has none
 * @param params  its parameters without the secret ones, neither their values nor their sealed forms
 * @param created when it was registered; {@code null} for a connection definition
 * @param origin  {@link #SERVER_CONFIGURATION} (a connection definition of the resource adapter, managed with the
 *                server's configuration) or {@link #REGISTERED} (registered at run time, stored in the database)
 */
public record FilesystemInfo(String fsKey, String protocol, String name, Map<String, String> params, Instant created,
        String origin) implements Serializable {

    public static final String SERVER_CONFIGURATION = "server-configuration";
    public static final String REGISTERED = "registered";

    public FilesystemInfo {
        params = Map.copyOf(params);
    }

    /** A filesystem registered at run time. */
    public static FilesystemInfo registered(MediaFilesystem filesystem) {
        return new FilesystemInfo(filesystem.getFsKey(), filesystem.getProtocol(), filesystem.getName(),
                filesystem.getParams(), filesystem.getCreated(), REGISTERED);
    }

    /** A connection definition of the server configuration, as the driver has it (secrets in plain text). */
    public static FilesystemInfo declared(FilesystemSpec definition) {
        var shown = new LinkedHashMap<String, String>();
        definition.params().forEach((k, v) -> {
            if (!MediaFilesystem.isSecret(k) && v != null) {
                shown.put(k, v);
            }
        });
        return new FilesystemInfo(definition.fsKey(), definition.protocol(), null, shown, null, SERVER_CONFIGURATION);
    }
}
