package io.fluvius.media.connector.spi.backend;

import jakarta.inject.Inject;

import org.jclouds.http.HttpCommand;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpRetryHandler;
import org.jclouds.http.annotation.ClientError;
import org.jclouds.openstack.keystone.auth.handlers.RetryOnRenew;
import org.jclouds.openstack.swift.v1.config.SwiftAuthenticationModule;

import com.google.inject.AbstractModule;
import com.google.inject.util.Modules;

/**
 * jclouds' Swift authentication, less one delay: its 401 handler (RetryOnRenew) tells an authentication
 * request by Keystone's and Swauth's {@code X-Auth-User}/{@code X-Auth-Key} headers, but TempAuth's request
 * carries {@code X-Storage-User}/{@code X-Storage-Pass}, so a refused TempAuth key was retried three times
 * with five seconds between: 15 s, past any deadline, before the refusal surfaced. Here a refused TempAuth
 * request is final at once; every other 401 goes to jclouds' handler, which renews the token as before.
 */
public final class SwiftAuthentication extends AbstractModule {

    @Override
    protected void configure() {
        install(Modules.override(new SwiftAuthenticationModule()).with(new AbstractModule() {
            @Override
            protected void configure() {
                bind(HttpRetryHandler.class).annotatedWith(ClientError.class).to(TempAuthRefusalIsFinal.class);
            }
        }));
    }

    static final class TempAuthRefusalIsFinal implements HttpRetryHandler {

        private static final String TEMPAUTH_USER = "X-Storage-User";

        private final RetryOnRenew renewal;

        @Inject
        TempAuthRefusalIsFinal(RetryOnRenew renewal) {
            this.renewal = renewal;
        }

        @Override
        public boolean shouldRetryRequest(HttpCommand command, HttpResponse response) {
            if (response.getStatusCode() == 401 && command.getCurrentRequest().getHeaders().containsKey(TEMPAUTH_USER)) {
                return false;
            }
            return renewal.shouldRetryRequest(command, response);
        }
    }
}
