package io.fluvius.media.fault;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the answers to the hostile requests showed, counted by kind, with examples of each (request, status, body)
 * for the failure message: one per kind of failure (category, status, body), up to {@value #EXAMPLES} of them. Thread-safe: the client threads report into one instance.
 * <ul>
 * <li>{@code 5xx}: any server error;</li>
 * <li>{@code non-problem}: a 4xx of the API without {@code application/problem+json};</li>
 * <li>{@code framing-non-problem}: the same for a request that is not well-formed HTTP (its framing, or control
 * characters or raw bytes in its head), answered by the container's HTTP parser before any application code
 * (kept apart and reported, see {@link HostileInputIT});</li>
 * <li>{@code stack-trace}, {@code server-path}, {@code secret}: a body that shows the server's insides, unless it
 * only repeats what the request itself sent (a path given as a file name is the caller's, not a leak);</li>
 * <li>{@code header-injection}: a response header that a stored file name carried in (CR LF in the name);</li>
 * <li>{@code no-answer}: a request the server closed without answering, or that failed on the client's side.</li>
 * </ul>
 */
final class HostileFindings {

    static final int EXAMPLES = 20;

    /** What varies between answers to the same failure: incident ids, numbers. */
    private static final Pattern VARIABLE = Pattern.compile("[0-9a-f]{8}-[0-9a-f-]{27}|\\d+");

    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\bat (?:io|java|javax|jdk|jakarta|org|com|sun)\\.[\\w$.]+\\(|\\.java:\\d+\\)|\\tat |Caused by: "
                    + "|\\b(?:java|javax|jakarta|org|io|com)\\.[\\w.$]+(?:Exception|Error)\\b|Exception:.*\\R\\s*at ");

    private final List<String> serverPaths;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Example>> examples = new ConcurrentHashMap<>();

    /** @param serverPaths strings that no error body may contain (unless the request sent them) */
    HostileFindings(List<String> serverPaths) {
        this.serverPaths = List.copyOf(serverPaths);
    }

    void check(HostileProbe probe, ProbeSender.Answer answer) {
        int status = answer.status();
        if (status == 0) {
            note("no-answer", probe, answer);
        }
        if (status >= 500) {
            note("5xx", probe, answer);
        }
        if (status >= 400 && status < 500) {
            String type = answer.contentType() == null ? "" : answer.contentType();
            if (!type.startsWith("application/problem+json")) {
                note(answer.malformedRequest() ? "framing-non-problem" : "non-problem", probe, answer);
            }
        }
        if (answer.headers().keySet().stream().anyMatch(name -> name.startsWith("x-injected"))) {
            note("header-injection", probe, answer);
        }
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        if (body.contains(HostileJson.SECRET_MARKER) || headersContain(answer, HostileJson.SECRET_MARKER)) {
            note("secret", probe, answer);
        }
        Matcher trace = STACK_TRACE.matcher(body);
        String sent = null;
        while (trace.find()) {
            sent = sent == null ? probe.sentText() : sent;
            if (!sent.contains(trace.group())) {
                note("stack-trace", probe, answer);
                break;
            }
        }
        if (status >= 400 && leaksPath(body, probe)) {
            note("server-path", probe, answer);
        }
    }

    /**
     * Whether an error body names a server path that the request did not send itself: each occurrence is taken
     * whole (up to a quote, a blank or a bracket), so that a root sent by the caller and repeated back is an echo,
     * but the server's own directory around it is not.
     */
    private boolean leaksPath(String body, HostileProbe probe) {
        String sent = null;
        for (String path : serverPaths) {
            for (int at = body.indexOf(path); at >= 0; at = body.indexOf(path, at + 1)) {
                int end = at + path.length();
                while (end < body.length() && "\"' ,;()<>\n\\".indexOf(body.charAt(end)) < 0) {
                    end++;
                }
                sent = sent == null ? probe.sentText() : sent;
                if (!sent.contains(body.substring(at, end))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A request that failed on the client's side: no answer to judge. */
    void failed(HostileProbe probe, Exception e) {
        count("no-answer");
        example("no-answer", probe.category() + " " + (probe.isRaw() ? probe.target() + " " : "")
                + e.getClass().getSimpleName(), probe.summary() + "\n    -> " + e);
    }

    private static boolean headersContain(ProbeSender.Answer answer, String text) {
        return answer.headers().values().stream().anyMatch(v -> v.contains(text));
    }

    private void note(String kind, HostileProbe probe, ProbeSender.Answer answer) {
        count(kind);
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        // One example per kind of failure: the category, the status and the body without its variable parts.
        String signature = probe.category() + " " + (probe.isRaw() ? probe.target() + " " : "") + answer.status() + " "
                + VARIABLE.matcher(HostileProbe.shorten(body, 160)).replaceAll("#");
        example(kind, signature, probe.summary() + "\n    -> " + answer.status() + " " + answer.contentType() + " "
                + HostileProbe.shorten(body, 1500));
    }

    private void count(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    private void example(String kind, String signature, String example) {
        Map<String, Example> kept = examples.computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
        Example known = kept.get(signature);
        if (known != null) {
            known.count().increment();
        } else if (kept.size() < EXAMPLES) {
            kept.computeIfAbsent(signature, k -> new Example(new LongAdder(), example)).count().increment();
        }
    }

    long of(String kind) {
        LongAdder adder = counts.get(kind);
        return adder == null ? 0 : adder.sum();
    }

    /** The examples of one kind, one per kind of failure, the most frequent first, each with its count. */
    String examples(String kind) {
        Map<String, Example> kept = examples.getOrDefault(kind, Map.of());
        if (kept.isEmpty()) {
            return "(none)";
        }
        return kept.values().stream().sorted((a, b) -> Long.compare(b.count().sum(), a.count().sum()))
                .map(e -> "[" + e.count().sum() + "x] " + e.text()).collect(java.util.stream.Collectors.joining("\n"));
    }

    private record Example(LongAdder count, String text) {
    }
}
