package io.fluvius.media.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.ejb.MediaServiceLocal;

/**
 * {@code POST /put-file?path=…[&compress=zstd]}: puts a file of the server's disk through the
 * MediaService local view and reports how long the put took, measured in-process: the upload without HTTP.
 */
@WebServlet("/put-file")
public class PutFileServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB(lookup = MediaLookup.LOCAL)
    private MediaServiceLocal media;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Path path = Path.of(request.getParameter("path"));
        PutOptions options = PutOptions.named(path.getFileName().toString())
                .withCompress(request.getParameter("compress"));
        long start = System.nanoTime();
        MediaEntry entry;
        try (InputStream in = Files.newInputStream(path)) {
            entry = media.put(in, options);
        }
        Json.write(response, "seconds", Json.secondsSince(start), "bytes", entry.getLength(),
                "storedLength", entry.getStoredLength(), "id", entry.getId());
    }
}
