package io.fluvius.media.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.fluvius.media.core.PutOptions;
import io.fluvius.media.ejb.MediaServiceLocal;

/**
 * {@code POST /small-files?op=put|get&count=&slices=&slice=&size=&seed=}: one slice of the small-file
 * load, run on this request's thread against the MediaService local view. The load client sends one
 * request per worker at once, so {@code slices} threads share {@code count} operations as its HTTP
 * workers do. The files are the client's ({@code LoadClient.smallFile}): the same bytes, the same names.
 */
@WebServlet("/small-files")
public class SmallFilesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Entry ids of each run's puts, for its gets. Bench-only state: 16 bytes a file, kept until undeploy. */
    private static final Map<Long, UUID[]> RUNS = new ConcurrentHashMap<>();

    @EJB(lookup = MediaLookup.LOCAL)
    private MediaServiceLocal media;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int count = Integer.parseInt(request.getParameter("count"));
        int slices = Integer.parseInt(request.getParameter("slices"));
        int slice = Integer.parseInt(request.getParameter("slice"));
        int size = Integer.parseInt(request.getParameter("size"));
        long seed = Long.parseLong(request.getParameter("seed"));
        UUID[] ids = RUNS.computeIfAbsent(seed, s -> new UUID[count]);
        boolean put = "put".equals(request.getParameter("op"));
        long start = System.nanoTime();
        int done = 0;
        for (int i = slice; i < count; i += slices) {
            if (put) {
                PutOptions options = PutOptions.named("s-" + seed + "-" + i + ".bin")
                        .withResource("bench-small-inproc", Long.toString(seed));
                ids[i] = media.put(new ByteArrayInputStream(smallFile(seed, i, size)), options).getId();
            } else {
                try (InputStream in = media.open(ids[i])) {
                    if (in.transferTo(OutputStream.nullOutputStream()) != size) {
                        throw new IOException("entry " + ids[i] + " did not read back " + size + " bytes");
                    }
                }
            }
            done++;
        }
        Json.write(response, "ops", done, "seconds", Json.secondsSince(start));
    }

    /** The same bytes as the load client's file {@code i} of run {@code seed}. */
    private static byte[] smallFile(long seed, int i, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed * 1_000_003L + i).nextBytes(bytes);
        return bytes;
    }
}
