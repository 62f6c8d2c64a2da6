package io.fluvius.media.web.auth;

import jakarta.servlet.ServletContext;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.LoginConfig;

/**
 * Puts {@link MalformedCredentialsRefusal} in front of the web module's handler chain, ahead of the container's
 * authentication (which runs before any servlet or JAX-RS filter). Undertow loads it from {@code META-INF/services}.
 */
public class CredentialsFormatExtension implements ServletExtension {

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        LoginConfig login = deployment.getLoginConfig();
        String realm = login != null && login.getRealmName() != null ? login.getRealmName() : "Fluvius Media";
        deployment.addInitialHandlerChainWrapper(next -> new MalformedCredentialsRefusal(next, realm));
    }
}
