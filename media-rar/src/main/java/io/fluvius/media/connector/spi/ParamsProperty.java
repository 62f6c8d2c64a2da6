package io.fluvius.media.connector.spi;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * Reads the {@code params} config property: the parameters of a filesystem that have no config property
 * of their own, flattened into one string because config properties are strings (what the server
 * configuration and its admin console can edit).
 */
final class ParamsProperty {

    private ParamsProperty() {
    }

    /**
     * Parses the free-form {@code params} property, {@code k=v;k=v}. Blanks around keys and values and
     * empty entries are ignored; a value may contain '=' but not ';'.
     *
     * @throws InvalidFilesystemException on an entry without '=' or with an empty name
     */
    static Map<String, String> parse(String fsKey, String params) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (params == null) {
            return parsed;
        }
        for (String entry : params.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0 || entry.substring(0, equals).isBlank()) {
                throw new InvalidFilesystemException("Filesystem '" + fsKey + "': the params property takes "
                        + "'name=value' entries separated by ';', and one entry has no name or no '='");
            }
            parsed.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return parsed;
    }
}
