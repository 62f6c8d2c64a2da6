package io.fluvius.media.it.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything one server printed, over all its starts (the server's console handler, and what the JVM itself
 * prints when it cannot start), each start introduced by a marker line and the command line, secrets masked.
 */
final class ConsoleLog {

    private static final Pattern TERMINAL_COLOURS = Pattern.compile("\u001B\\[[;\\d]*m");
    private static final Pattern SECRET_OPTION = Pattern.compile("(-D[^=]*(?i:password|secret)[^=]*=).*");

    private final Path file;
    private final String marker;

    ConsoleLog(Path file, String serverName) {
        this.file = file;
        this.marker = "==== " + serverName + " starting at ";
    }

    Path file() {
        return file;
    }

    /** Opens the next start's part of the log. */
    void markStart(List<String> command) throws IOException {
        Files.createDirectories(file.getParent());
        var printable = command.stream().map(argument -> SECRET_OPTION.matcher(argument).replaceAll("$1****")).toList();
        Files.writeString(file, marker + Instant.now() + " ====\n" + String.join(" ", printable) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The last {@code count} lines, without terminal colours. */
    String tail(int count) {
        List<String> all = lines();
        return all.isEmpty() ? "(nothing printed yet)"
                : String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** The last line printed since the latest start that {@code pattern} finds something in. */
    Optional<String> findSinceStart(Pattern pattern) {
        List<String> all = lines();
        for (int i = all.size() - 1; i >= 0 && !all.get(i).startsWith(marker); i--) {
            if (pattern.matcher(all.get(i)).find()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    private List<String> lines() {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            // Decoded leniently: the last line may be half written.
            String printed = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return TERMINAL_COLOURS.matcher(printed).replaceAll("").lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
