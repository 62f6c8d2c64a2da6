package io.fluvius.media.connector.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything java.util.logging records while open, with jclouds' own categories at their most talkative
 * (wire and headers included): what a secret must never appear in. Restores the levels when closed.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private static final List<String> JCLOUDS = List.of("org.jclouds", "jclouds");

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<Logger> loggers = JCLOUDS.stream().map(Logger::getLogger).toList();
    private final List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
    private final SimpleFormatter formatter = new SimpleFormatter();

    private LogCapture() {
        setLevel(Level.ALL);
        loggers.forEach(logger -> logger.setLevel(Level.ALL));
        Logger.getLogger("").addHandler(this);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** Every record so far, its message formatted and its exception, if any, appended. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(formatter.formatMessage(record) + " " + (record.getThrown() == null ? "" : record.getThrown()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).setLevel(levels.get(i));
        }
    }
}
