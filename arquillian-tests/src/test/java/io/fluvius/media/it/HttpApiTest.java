package io.fluvius.media.it;

import java.net.URL;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every test of the HTTP API shares: the built EAR, deployed once per test class, and a
 * {@link MediaApi} on its web module, fresh for each test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class HttpApiTest {

    @ArquillianResource
    protected URL webModule;

    protected MediaApi api;

    @Deployment(testable = false)
    static EnterpriseArchive mediaEar() {
        return MediaApi.mediaEar();
    }

    @BeforeEach
    void connect() {
        api = new MediaApi(webModule);
    }
}
