package io.fluvius.media.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fluvius.media.web.http.ServingPolicy;

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

    public ServingPolicy servingPolicy() {
        return servingPolicy;
    }

    /** The configured base of signed links' URLs (ending in '/'), if any. */
    public Optional<URI> linkBase() {
        return linkBase;
    }
}
