package io.fluvius.media.it.process;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * Asks a server's readiness endpoint whether the application is up. Before media.ear is deployed the bare server
 * answers UP too, so ready means: UP, and the application's own check {@value #APPLICATION_CHECK} among the checks.
 */
final class ReadinessProbe {

    static final String APPLICATION_CHECK = "media-default-filesystem";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI ready;
    private String lastAnswer = "no answer yet";

    /** @param ready e.g. {@code http://127.0.0.1:10190/health/ready} */
    ReadinessProbe(URI ready) {
        this.ready = ready;
    }

    boolean isReady() throws InterruptedException {
        try {
            var response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(),
                    BodyHandlers.ofString());
            lastAnswer = response.statusCode() + " " + response.body();
            return response.statusCode() == 200 && isUpWithApplicationCheck(response.body());
        } catch (IOException e) {
            lastAnswer = e.toString();
            return false;
        }
    }

    /** The last status and body, or the last connection error, for a message saying why a server is not ready. */
    String lastAnswer() {
        return lastAnswer;
    }

    private static boolean isUpWithApplicationCheck(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonObject health = reader.readObject();
            return "UP".equals(health.getString("status", null))
                    && health.getJsonArray("checks").stream()
                            .map(JsonValue::asJsonObject)
                            .anyMatch(check -> APPLICATION_CHECK.equals(check.getString("name", null)));
        } catch (JsonException | ClassCastException | NullPointerException e) {
            return false;
        }
    }
}
