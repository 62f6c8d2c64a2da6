package io.fluvius.media.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The figures of the suite's scenarios, one Markdown table row each, written to {@code fault.results.dir} (one
 * file per scenario, named after it) as each scenario ends; {@code fault-tests/run} puts them together into
 * {@code results/latest.md}. A row says what was done, what was checked, and the figures.
 */
public final class FaultResults {

    private FaultResults() {
    }

    /** {@code short} in {@code mvn verify}, {@code full} from {@code fault-tests/run --full}. */
    public static String scale() {
        return System.getProperty("fault.scale", "short");
    }

    public static boolean isFull() {
        return "full".equals(scale());
    }

    /**
     * Records a scenario's row (replacing an earlier one of the same run) and prints it.
     *
     * @param scenario e.g. {@code 3c full disk}: sorts the rows and names the file
     * @param done     what the scenario did: counts, sizes, kill points
     * @param checked  what it asserted afterwards
     * @param figures  what it measured
     */
    public static void record(String scenario, String done, String checked, String figures) {
        String row = "| " + cell(scenario) + " | " + scale() + " | " + cell(done) + " | " + cell(checked) + " | "
                + cell(figures) + " |\n";
        System.out.print("[fault-results] " + row);
        Path dir = Path.of(System.getProperty("fault.results.dir", "target/fault-results"));
        String name = scenario.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".md";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), row, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
