package io.fluvius.media.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.jboss.arquillian.container.test.api.Testable;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Deployments of tests that run inside the server, in the application itself: media.ear exactly as built,
 * plus one more web module holding the tests. Inside the EAR the tests reach what only the application's
 * own modules can: the persistence unit "media", the application's CDI beans and EJBs, and the core
 * classes as media-ejb.jar loads them; they call the EJBs as the realm's users ({@link RealmUser}).
 */
public final class InServerTests {

    /** The database the build provisioned the server with (failsafe's media.test.database). */
    public static final String EXPECTED_DATABASE = "expected-database";

    private InServerTests() {
    }

    /** A test module named {@code name}, in the application's security domain, with Elytron's API. */
    public static WebArchive module(String name) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addClass(RealmUser.class)
                .addAsResource(new StringAsset(System.getProperty("media.test.database", "h2")), EXPECTED_DATABASE)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                // The security domain of MediaService ("media"): an identity established here is its caller.
                .addAsWebInfResource(new StringAsset("<jboss-web xmlns=\"urn:jboss:jakartaee:1.0\" version=\"15.0\">"
                        + "<security-domain>media</security-domain></jboss-web>"), "jboss-web.xml")
                // Elytron's API, to authenticate as the realm's users (RealmUser).
                .setManifest(new StringAsset("Manifest-Version: 1.0\nDependencies: org.wildfly.security.elytron\n"));
    }

    /** media.ear as built, with {@code tests} added as a web module at {@code /<contextRoot>}. */
    public static EnterpriseArchive mediaEarWith(WebArchive tests, String contextRoot) {
        File built = new File(System.getProperty("media.ear.file", "target/media.ear"));
        // Named media.ear: the resource adapter activation (configure-media.cli) expects media.ear#media-rar.rar.
        EnterpriseArchive ear = ShrinkWrap.createFromZipFile(EnterpriseArchive.class, built);
        ear.addAsModule(Testable.archiveToTest(tests));
        declareWebModule(ear, tests.getName(), contextRoot);
        return ear;
    }

    /** A module not named in application.xml is not deployed: name it there. */
    private static void declareWebModule(EnterpriseArchive ear, String uri, String contextRoot) {
        String descriptor = "META-INF/application.xml";
        String xml;
        try (InputStream in = ear.get(descriptor).getAsset().openStream()) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String module = "<module><web><web-uri>" + uri + "</web-uri><context-root>" + contextRoot
                + "</context-root></web></module>";
        // Modules come before <library-directory>, the last element when present.
        String anchor = xml.contains("<library-directory>") ? "<library-directory>" : "</application>";
        ear.delete(descriptor);
        ear.setApplicationXML(new StringAsset(xml.replace(anchor, module + anchor)));
    }
}
