package io.fluvius.media.it;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Objects;

import org.wildfly.security.auth.server.SecurityDomain;
import org.wildfly.security.auth.server.SecurityIdentity;
import org.wildfly.security.evidence.PasswordGuessEvidence;

/**
 * The run-it-now default's local users (media-ear/src/main/wildfly/media-users.properties), as code
 * running inside the server becomes one of them: Elytron authenticates the name and password against the
 * security domain of the calling deployment, and the call runs as the resulting identity, which an EJB of
 * the same domain sees as its caller, roles included. In-server test deployments add this class.
 */
public enum RealmUser {
    /** media-reader */
    READER("reader", "reader-pass"),
    /** media-writer, media-reader */
    WRITER("writer", "writer-pass"),
    /** media-admin, media-writer, media-reader */
    ADMIN("admin", "admin-pass");

    private final String name;
    private final String password;

    RealmUser(String name, String password) {
        this.name = name;
        this.password = password;
    }

    /** Runs {@code call} as this user; what it throws comes out unwrapped. */
    public <T> T call(PrivilegedExceptionAction<T> call) throws Exception {
        SecurityDomain domain = Objects.requireNonNull(SecurityDomain.getCurrent(),
                "The calling deployment has no Elytron security domain (WEB-INF/jboss-web.xml)");
        SecurityIdentity identity = domain.authenticate(name, new PasswordGuessEvidence(password.toCharArray()));
        try {
            return identity.runAs(call);
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }
}
