package io.fluvius.media.web.tls;

import java.util.function.BooleanSupplier;

import jakarta.servlet.ServletContext;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The production switch {@value #TLS_REQUIRED} (default {@code false}): when true, the web module refuses every
 * request that reaches it over plain HTTP ({@link PlainHttpRefusal}). Undertow loads this extension from
 * {@code META-INF/services} when it deploys the web module; the refusal goes in front of the whole handler chain,
 * because the container authenticates (BASIC) before any servlet filter or JAX-RS filter would run.
 * <p>
 * The key is read at every request, so {@code /system-property=media.tls.required:add(value=true)} turns the switch
 * on at once, with no restart and no redeployment.
 */
public class TransportSecurityExtension implements ServletExtension {

    static final String TLS_REQUIRED = "media.tls.required";

    private static final Logger LOG = Logger.getLogger(TransportSecurityExtension.class);

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        Config config = ConfigProvider.getConfig(deployment.getClassLoader());
        BooleanSupplier required = () -> config.getOptionalValue(TLS_REQUIRED, Boolean.class).orElse(false);
        if (required.getAsBoolean()) {
            LOG.infof("%s is true: %s answers HTTPS only; requests over plain HTTP are refused with 403",
                    TLS_REQUIRED, deployment.getContextPath());
        }
        deployment.addInitialHandlerChainWrapper(next -> new PlainHttpRefusal(next, required));
    }
}
