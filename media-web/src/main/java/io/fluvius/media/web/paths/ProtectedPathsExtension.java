package io.fluvius.media.web.paths;

import jakarta.servlet.ServletContext;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;

/** Puts {@link ProtectedPathRefusal} in front of the web module's handler chain (loaded from META-INF/services). */
public class ProtectedPathsExtension implements ServletExtension {

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        deployment.addInitialHandlerChainWrapper(ProtectedPathRefusal::new);
    }
}
