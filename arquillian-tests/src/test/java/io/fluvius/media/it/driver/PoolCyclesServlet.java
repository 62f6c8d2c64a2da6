package io.fluvius.media.it.driver;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Resource;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;

/**
 * {@code POST /pool-cycles?cycles=n&workers=w}: n get/use/close cycles on the default connection
 * factory, shared by w threads; answers the number of cycles completed. Each worker's first cycle holds
 * its connection until all w hold one, so the pool has had w connections in use at once.
 */
@WebServlet("/pool-cycles")
public class PoolCyclesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:/eis/media/MediaConnectionFactory")
    private MediaConnectionFactory factory;

    /**
     * The server's managed thread factory (Jakarta Concurrency), for dedicated threads: tasks queued behind
     * each other on an executor could never hold their connections at once.
     */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    private ThreadFactory threads;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        int cycles = Integer.parseInt(request.getParameter("cycles"));
        int workers = Integer.parseInt(request.getParameter("workers"));
        if (workers < 1 || cycles < workers) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "needs 1 <= workers <= cycles");
            return;
        }
        String key = "pool-it/" + UUID.randomUUID();
        try (MediaConnection connection = factory.getConnection()) {
            connection.write(key, new ByteArrayInputStream(new byte[1024]));
        }

        CountDownLatch allHolding = new CountDownLatch(workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers, threads);
        try {
            List<Future<Integer>> shares = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int share = cycles / workers + (w < cycles % workers ? 1 : 0);
                shares.add(pool.submit(() -> runCycles(share, key, allHolding)));
            }
            int completed = 0;
            for (Future<Integer> share : shares) {
                completed += share.get(60, SECONDS);
            }
            response.setContentType("text/plain");
            response.getWriter().print(completed);
        } catch (ExecutionException | TimeoutException e) {
            throw new ServletException("A worker failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private int runCycles(int cycles, String key, CountDownLatch allHolding) throws Exception {
        for (int i = 0; i < cycles; i++) {
            try (MediaConnection connection = factory.getConnection()) {
                if (i == 0) {
                    allHolding.countDown();
                    if (!allHolding.await(30, SECONDS)) {
                        throw new IllegalStateException("The workers never held their connections at once");
                    }
                }
                if (!connection.exists(key)) {
                    throw new IllegalStateException("Cycle " + i + " does not see " + key);
                }
                try (InputStream oneByte = connection.read(key, i % 1024, 1)) {
                    if (oneByte.read() != 0) {
                        throw new IllegalStateException("Cycle " + i + " read a wrong byte");
                    }
                }
            }
        }
        return cycles;
    }
}
