package io.fluvius.media.it.ledger;

import java.io.IOException;
import java.time.Clock;
import java.util.Random;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaInterface;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.core.storage.Filesystems;
import io.fluvius.media.ejb.MediaCore;
import io.fluvius.media.jpa.JpaMediaManager;
import io.fluvius.media.jpa.TransactionBoundary;

/**
 * What TransactionTimeoutIT cannot do over the API: a cross-filesystem copy that lasts longer than the
 * transaction timeout (the core on the application's database and transactions, reading its source
 * through {@link ThrottledStorage}), and a transaction that does (to show the timeout is in force).
 * <ul>
 * <li>{@code POST slow-copy?bytes=N&rate=R}: stores N random bytes on {@code file}, copies them to
 *     {@code memory} reading {@code file} at R bytes/s; answers {@code <copy id> <millis> <sha-256>}.</li>
 * <li>{@code POST hold-transaction?seconds=S}: holds one transaction open for S seconds; answers
 *     {@code committed} or {@code rolled back}.</li>
 * </ul>
 */
@WebServlet(urlPatterns = {"/slow-copy", "/hold-transaction"})
public class SlowOperationsServlet extends HttpServlet {

    @Inject
    MediaCore core;

    @PersistenceContext(unitName = "media")
    EntityManager em;

    @EJB
    TransactionBoundary transactions;

    @Resource(lookup = "java:/eis/media/MediaConnectionFactory")
    MediaConnectionFactory storage;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        if (request.getServletPath().equals("/hold-transaction")) {
            long seconds = Long.parseLong(request.getParameter("seconds"));
            String outcome;
            try {
                transactions.required(() -> {
                    sleep(seconds * 1000);
                    return null;
                });
                outcome = "committed";
            } catch (RuntimeException e) {
                outcome = "rolled back";
            }
            response.getWriter().print(outcome);
            return;
        }
        byte[] content = new byte[Integer.parseInt(request.getParameter("bytes"))];
        new Random().nextBytes(content);
        MediaEntry source = core.media().put(content, PutOptions.named("slow-copy.bin"));
        var manager = new JpaMediaManager(em, transactions);
        var slow = new MediaInterface(core.settings(), manager, Filesystems.of(
                new ThrottledStorage(storage, "file", Long.parseLong(request.getParameter("rate"))), manager),
                Clock.systemUTC());
        long started = System.nanoTime();
        MediaEntry copy = slow.copy(source.getId(), "memory");
        long millis = (System.nanoTime() - started) / 1_000_000;
        response.getWriter().print(copy.getId() + " " + millis + " " + copy.getFilehash());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
