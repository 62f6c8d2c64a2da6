package io.fluvius.media.it;

import java.net.URI;
import java.util.Hashtable;

import javax.naming.Context;
import javax.naming.InitialContext;

import org.wildfly.security.auth.client.AuthenticationConfiguration;
import org.wildfly.security.auth.client.AuthenticationContext;
import org.wildfly.security.auth.client.MatchRule;
import org.wildfly.security.sasl.SaslMechanismSelector;

import io.fluvius.media.ejb.MediaServiceRemote;
import io.fluvius.media.ejb.jobs.MediaJobsRemote;

/**
 * A remote EJB client of MediaService in a JVM of its own, as one user: JNDI through WildFly's naming client,
 * the remote view's {@code ejb:} name, and credentials given in code (an application would rather give them in
 * its wildfly-config.xml: README, "Remote EJB clients"). Each call runs with this user's credentials, so
 * clients of several users live side by side in one JVM.
 */
public final class RemoteMediaClient {

    /** The remote view as a client outside the server names it: ejb:app/module/bean!view. */
    static final String MEDIA_SERVICE = "ejb:media/media-ejb/MediaService!" + MediaServiceRemote.class.getName();
    /** The batch jobs' remote view (README "Batch jobs"). */
    static final String MEDIA_JOBS = "ejb:media/media-batch/MediaJobsBean!" + MediaJobsRemote.class.getName();

    /** One call on the remote view. */
    public interface Call<T> {
        T on(MediaServiceRemote media) throws Exception;
    }

    /** One call on the jobs' remote view. */
    public interface JobsCall<T> {
        T on(MediaJobsRemote jobs) throws Exception;
    }

    private final URI server;
    private final AuthenticationContext credentials;

    /**
     * @param server    e.g. {@code remote+http://localhost:8080}
     * @param mechanism the SASL mechanism to authenticate with, e.g. {@code SCRAM-SHA-256}
     */
    public RemoteMediaClient(URI server, String user, String password, String mechanism) {
        this.server = server;
        this.credentials = AuthenticationContext.empty().with(MatchRule.ALL, AuthenticationConfiguration.empty()
                .useName(user)
                .usePassword(password)
                .setSaslMechanismSelector(SaslMechanismSelector.NONE.addMechanism(mechanism)));
    }

    /** Looks the remote view up and calls it, as this client's user. */
    public <T> T call(Call<T> call) throws Exception {
        return lookUpAndCall(MEDIA_SERVICE, MediaServiceRemote.class, call::on);
    }

    /** Looks the jobs' remote view up and calls it, as this client's user. */
    public <T> T jobs(JobsCall<T> call) throws Exception {
        return lookUpAndCall(MEDIA_JOBS, MediaJobsRemote.class, call::on);
    }

    private interface ViewCall<V, T> {
        T on(V view) throws Exception;
    }

    private <V, T> T lookUpAndCall(String name, Class<V> view, ViewCall<V, T> call) throws Exception {
        return credentials.runCallable(() -> {
            Hashtable<String, Object> environment = new Hashtable<>();
            environment.put(Context.INITIAL_CONTEXT_FACTORY, "org.wildfly.naming.client.WildFlyInitialContextFactory");
            environment.put(Context.PROVIDER_URL, server.toString());
            Context context = new InitialContext(environment);
            try {
                return call.on(view.cast(context.lookup(name)));
            } finally {
                context.close();
            }
        });
    }
}
