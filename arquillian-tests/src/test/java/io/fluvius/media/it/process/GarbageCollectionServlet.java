package io.fluvius.media.it.process;

import java.io.IOException;
import java.time.Duration;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.fluvius.media.core.ledger.GarbageReport;
import io.fluvius.media.ejb.MediaServiceRemote;
import io.fluvius.media.it.RealmUser;

/**
 * Garbage collection over HTTP for tests that drive servers from outside ({@code POST
 * /media-test-support/gc?grace=<seconds>}, answering the report): the same {@code collectGarbage} every
 * view offers, called as the realm's admin. Deployed beside media.ear as media-test-support.war, which
 * reaches the EJB the way another application does (README, "Use the driver from another application").
 */
@WebServlet("/gc")
public class GarbageCollectionServlet extends HttpServlet {

    private static final String MEDIA_SERVICE =
            "java:global/media/media-ejb/MediaService!io.fluvius.media.ejb.MediaServiceRemote";

    /** The WAR holding this servlet. */
    public static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "media-test-support.war")
                .addClasses(GarbageCollectionServlet.class, RealmUser.class)
                .addAsWebInfResource("driver-client/jboss-deployment-structure.xml", "jboss-deployment-structure.xml")
                .addAsWebInfResource("driver-client/jboss-web.xml", "jboss-web.xml");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Duration grace = Duration.ofSeconds(Long.parseLong(request.getParameter("grace")));
        try {
            MediaServiceRemote service = (MediaServiceRemote) new InitialContext().lookup(MEDIA_SERVICE);
            GarbageReport report = RealmUser.ADMIN.call(() -> service.collectGarbage(grace));
            response.setContentType("text/plain");
            response.getWriter().print(report);
        } catch (NamingException e) {
            throw new IOException(e);
        } catch (Exception e) {
            response.sendError(500, e.toString());
        }
    }
}
