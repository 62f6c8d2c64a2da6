package io.fluvius.media.ejb;

import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;

import io.fluvius.media.core.DatabaseUnavailableException;
import io.fluvius.media.core.MediaException;

import org.jboss.logging.Logger;

/**
 * Turns a {@link MediaService} call that failed because the database cannot be reached into a
 * {@link DatabaseUnavailableException} (503 over HTTP), for every view alike: the JPA, connection pool and
 * transaction manager's own exceptions would reach a caller as an internal error. The cause is logged here and not
 * attached: a remote client could not read the driver's exception types.
 */
public class DatabaseOutages {

    private static final Logger LOG = Logger.getLogger(DatabaseOutages.class);

    @AroundInvoke
    Object translate(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (RuntimeException e) {
            if (!(e instanceof MediaException) && DatabaseUnavailableException.isCause(e)) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                LOG.warnf("'%s' failed: the database cannot be reached (%s)", invocation.getMethod().getName(), root);
                throw new DatabaseUnavailableException("The database of entries cannot be reached ('"
                        + invocation.getMethod().getName() + "'); retry once it is back", null);
            }
            throw e;
        }
    }
}
