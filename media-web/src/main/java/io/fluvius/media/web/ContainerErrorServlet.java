package io.fluvius.media.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The error page of the web module (web.xml): errors the container raises before or outside JAX-RS, such as
 * the 401 of BASIC authentication or a 404 outside {@code /api}, answered as problem+json like all others.
 * The container keeps the headers already set (the 401's {@code WWW-Authenticate}); the body says only what
 * the status means, never the container's message.
 */
@WebServlet(name = "problem", urlPatterns = "/problem")
public class ContainerErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = 404; // reached directly, this address is nothing
        if (request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
            status = code;
        }
        Problem problem = Problem.ofStatus(status);
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE_NAME);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (request.getMethod().equals("HEAD")) {
            return;
        }
        try (Writer writer = response.getWriter()) {
            writer.write(problem.json());
        }
    }
}
