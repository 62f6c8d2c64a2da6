package io.fluvius.media.bench;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The request path's floor: the small-file load's own requests ({@code POST /floor/files?…},
 * {@code GET /floor/files/<id>}) answered by a servlet in the same server, behind the same BASIC
 * authentication, that keeps each body in memory and hands it back. No database, no storage, no sync, no
 * MIME detection, no JAX-RS: what the container alone costs per small request, the rate no product code in
 * this server can go above. A body is handed back once and then forgotten (the load reads each of its files
 * once), so the map never holds more than one load's files.
 */
@WebServlet(urlPatterns = {"/floor/files", "/floor/files/*"})
public class FloorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Bodies above this are refused: the floor is for the small-file load. */
    private static final int MAX_BODY = 1 << 20;

    private final Map<UUID, byte[]> bodies = new ConcurrentHashMap<>();

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        UUID id = UUID.randomUUID();
        bodies.put(id, body);
        response.setStatus(HttpServletResponse.SC_CREATED);
        Json.write(response, "id", id.toString(), "size", body.length);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = null;
        try {
            String path = request.getPathInfo();
            body = path == null ? null : bodies.remove(UUID.fromString(path.substring(1)));
        } catch (IllegalArgumentException notAnId) {
            // answered as unknown below
        }
        if (body == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType("application/octet-stream");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
