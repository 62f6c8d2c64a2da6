package io.fluvius.media.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** The answers of a race's requests by kind and status, the bytes verified, and what went wrong. */
final class RaceTally {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicLong bytesVerified = new AtomicLong();

    /** Counts the answer to a request of {@code kind} (e.g. {@code put}) and returns it. */
    <T> HttpResponse<T> count(String kind, HttpResponse<T> response) {
        counts.computeIfAbsent(kind + " " + response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
        if (response.statusCode() >= 500) {
            serverErrors.incrementAndGet();
        }
        return response;
    }

    void fail(String what) {
        failures.add(what);
    }

    void verified(long bytes) {
        bytesVerified.addAndGet(bytes);
    }

    int count(String kind, int status) {
        AtomicInteger count = counts.get(kind + " " + status);
        return count == null ? 0 : count.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    int serverErrors() {
        return serverErrors.get();
    }

    long bytesVerified() {
        return bytesVerified.get();
    }

    /** Fails unless every request went as it should, and none got a 5xx. */
    void assertClean() {
        assertEquals(List.of(), failures(), this::toString);
        assertEquals(0, serverErrors(), this::toString);
    }

    /** e.g. {@code copy 201: 120, copy 404: 80, delete 204: 200}. */
    @Override
    public String toString() {
        return new TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
