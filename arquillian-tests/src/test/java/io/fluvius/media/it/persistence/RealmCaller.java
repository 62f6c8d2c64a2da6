package io.fluvius.media.it.persistence;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Objects;

import org.wildfly.security.auth.server.SecurityDomain;
import org.wildfly.security.auth.server.SecurityIdentity;
import org.wildfly.security.evidence.PasswordGuessEvidence;

/**
 * A documented local user of the realm (media-users.properties) as the caller of code that runs in the
 * server: Elytron authenticates the user against the test module's security domain ("media", that of
 * MediaService), and the code runs as that identity.
 */
enum RealmCaller {
    /** media-admin, media-writer, media-reader */
    ADMIN("admin", "admin-pass");

    private final String name;
    private final String password;

    RealmCaller(String name, String password) {
        this.name = name;
        this.password = password;
    }

    /** Runs {@code action} as this user; what it throws comes out unwrapped. */
    <T> T call(PrivilegedExceptionAction<T> action) throws Exception {
        SecurityDomain domain = Objects.requireNonNull(SecurityDomain.getCurrent(),
                "The test module has no Elytron security domain (WEB-INF/jboss-web.xml)");
        SecurityIdentity identity = domain.authenticate(name, new PasswordGuessEvidence(password.toCharArray()));
        try {
            return identity.runAs(action);
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }
}
