package io.fluvius.media.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.fluvius.media.ejb.MediaServiceLocal;

/**
 * {@code POST /read-entry?id=…}: reads an entry's original bytes through the MediaService local view
 * ({@code open}, verified as every read is) into nothing, timed in-process: the download without HTTP.
 */
@WebServlet("/read-entry")
public class ReadEntryServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB(lookup = MediaLookup.LOCAL)
    private MediaServiceLocal media;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        UUID id = UUID.fromString(request.getParameter("id"));
        long start = System.nanoTime();
        long bytes;
        try (InputStream in = media.open(id)) {
            bytes = in.transferTo(OutputStream.nullOutputStream());
        }
        Json.write(response, "seconds", Json.secondsSince(start), "bytes", bytes);
    }
}
