package io.fluvius.media.it.driver;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.fluvius.media.it.RealmUser;

/**
 * The two deployments of the driver tests: media.ear exactly as built, and beside it media-client.war, an
 * application of another company that is not part of the EAR. The WAR packages no Fluvius class: it reaches
 * the API through module dependencies on the EAR's RAR and EJB jar (jboss-deployment-structure.xml).
 */
final class ClientDeployments {

    /** Deployment names, for {@code @OperateOnDeployment}. */
    static final String MEDIA = "media";
    static final String CLIENT = "client";

    private ClientDeployments() {
    }

    /** Named media.ear: the resource adapter activation (configure-media.cli) expects media.ear#media-rar.rar. */
    static EnterpriseArchive mediaEar() {
        File ear = new File(System.getProperty("media.ear.file", "target/media.ear"));
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    static WebArchive clientWar() {
        return ShrinkWrap.create(WebArchive.class, "media-client.war")
                .addPackage(ClientDeployments.class.getPackage())
                .addClass(RealmUser.class)
                .addAsWebInfResource("driver-client/jboss-deployment-structure.xml", "jboss-deployment-structure.xml")
                .addAsWebInfResource("driver-client/jboss-web.xml", "jboss-web.xml");
    }
}
