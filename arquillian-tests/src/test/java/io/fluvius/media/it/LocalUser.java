package io.fluvius.media.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The run-it-now default's documented users (media-ear/src/main/wildfly/media-users.properties). */
public enum LocalUser {
    READER("reader", "reader-pass"),
    WRITER("writer", "writer-pass"),
    ADMIN("admin", "admin-pass");

    public final String name;
    public final String password;

    LocalUser(String name, String password) {
        this.name = name;
        this.password = password;
    }

    /** The value of an {@code Authorization} header for HTTP BASIC. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
