package io.fluvius.media.web;

import java.io.InputStream;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fluvius.media.web.http.ServingPolicy;
import io.fluvius.media.web.upload.MinimumRateStream;

/** The HTTP API's own {@code media.*} settings, read once. */
@ApplicationScoped
public class WebSettings {

    /** {@code media.serve.inline-types}: the types a browser may show in place (ServingPolicy's default). */
    @Inject
    @ConfigProperty(name = "media.serve.inline-types")
    Optional<List<String>> inlineTypes;

    /**
     * {@code media.links.base-url}: where signed links point, e.g. {@code https://files.example.com/media/api}
     * for a separate download origin in front of the service; default: the address the request came to.
     */
    @Inject
    @ConfigProperty(name = "media.links.base-url")
    Optional<String> linkBaseUrl;

    /**
     * {@code media.upload.min-rate}: the slowest average, in bytes per second, at which an upload's body may
     * arrive, over the time the server's reads waited for it, once those waits pass
     * {@code media.upload.min-rate-grace} seconds; a slower one ends with 408. 0: no minimum.
     */
    @Inject
    @ConfigProperty(name = "media.upload.min-rate", defaultValue = "1024")
    long uploadMinRate;

    @Inject
    @ConfigProperty(name = "media.upload.min-rate-grace", defaultValue = "10")
    long uploadMinRateGrace;

    private ServingPolicy servingPolicy;
    private Optional<URI> linkBase;

    @PostConstruct
    void start() {
        servingPolicy = ServingPolicy.of(inlineTypes);
        linkBase = linkBaseUrl.filter(u -> !u.isBlank()).map(u -> URI.create(u.endsWith("/") ? u : u + "/"));
        linkBase.ifPresent(u -> {
            if (!u.isAbsolute()) {
                throw new IllegalArgumentException("media.links.base-url must be an absolute URL, was " + u);
            }
        });
    }

    /** An upload's body, held to the configured minimum rate. */
    public InputStream uploadBody(InputStream body) {
        return MinimumRateStream.of(body, uploadMinRate, uploadMinRateGrace);
    }

    public ServingPolicy servingPolicy() {
        return servingPolicy;
    }

    /** The configured base of signed links' URLs (ending in '/'), if any. */
    public Optional<URI> linkBase() {
        return linkBase;
    }
}
