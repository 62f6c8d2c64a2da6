package io.fluvius.media.bench;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** The bench endpoints answer with one flat JSON object. */
final class Json {

    private Json() {
    }

    /** {@code keysAndValues}: key, value, key, value...; numbers stay numbers, everything else is a string. */
    static void write(HttpServletResponse response, Object... keysAndValues) throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            json.append(i == 0 ? "" : ",").append('"').append(keysAndValues[i]).append("\":");
            if (value instanceof Number) {
                json.append(value);
            } else {
                json.append('"').append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        response.setContentType("application/json");
        response.getWriter().println(json.append('}'));
    }

    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
