package io.fluvius.media.batch.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.ejb.ScheduleExpression;

/**
 * When a job runs by itself: a cron-style expression (README, "Schedules") turned into the fields of an EJB
 * {@link ScheduleExpression}, which the container's calendar timer evaluates. Six fields (second, minute, hour,
 * day of month, month, day of week) or five (the same without the second, as in crontab), each in the syntax of
 * the EJB calendar attributes: {@code *}, a value, a range {@code 1-5}, a list {@code 0,30}, an increment
 * {@code *}{@code /10} (second, minute and hour only), names for months and weekdays ({@code Jan}, {@code Sun}),
 * {@code Last} and {@code -1}…{@code -7} for the day of month. A leading {@code TZ=<zone>} sets the time zone
 * (default: the server's). {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly} stand for the usual
 * expressions. Plain Java.
 *
 * @param second     0-59
 * @param minute     0-59
 * @param hour       0-23
 * @param dayOfMonth 1-31, Last, -7 to -1
 * @param month      1-12, Jan-Dec
 * @param dayOfWeek  0-7 (0 and 7 are Sunday), Sun-Sat
 * @param timezone   a zone id, or {@code null} for the server's
 */
public record JobSchedule(String second, String minute, String hour, String dayOfMonth, String month,
        String dayOfWeek, String timezone) {

    /** The word that turns a job's schedule off (so does an empty value). */
    public static final String OFF = "off";

    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 0 * * * *",
            "@daily", "0 0 0 * * *",
            "@midnight", "0 0 0 * * *",
            "@weekly", "0 0 0 * * Sun",
            "@monthly", "0 0 0 1 * *");

    private static final List<String> MONTHS = List.of(
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
    private static final List<String> WEEKDAYS = List.of("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat");

    /** One field of the expression: its name in messages, its range, and what else it accepts. */
    private enum Field {
        SECOND("second", 0, 59, List.of(), true),
        MINUTE("minute", 0, 59, List.of(), true),
        HOUR("hour", 0, 23, List.of(), true),
        DAY_OF_MONTH("day of month", 1, 31, List.of(), false),
        MONTH("month", 1, 12, MONTHS, false),
        DAY_OF_WEEK("day of week", 0, 7, WEEKDAYS, false);

        final String label;
        final int min;
        final int max;
        final List<String> names;
        final boolean increments;

        Field(String label, int min, int max, List<String> names, boolean increments) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
            this.increments = increments;
        }
    }

    /**
     * The schedule a text gives, or empty when it turns the schedule off ({@value #OFF} or nothing).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Optional<JobSchedule> parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty() || value.equalsIgnoreCase(OFF)) {
            return Optional.empty();
        }
        String timezone = null;
        if (value.regionMatches(true, 0, "TZ=", 0, 3) || value.regionMatches(true, 0, "CRON_TZ=", 0, 8)) {
            String[] zoneAndRest = value.substring(value.indexOf('=') + 1).split("\\s+", 2);
            timezone = zone(zoneAndRest[0]);
            value = zoneAndRest.length > 1 ? zoneAndRest[1].strip() : "";
        }
        if (value.startsWith("@")) {
            String expanded = MACROS.get(value.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new IllegalArgumentException("'" + value + "' is not a shorthand; there are "
                        + String.join(", ", MACROS.keySet().stream().sorted().toList()));
            }
            value = expanded;
        }
        String[] fields = value.isEmpty() ? new String[0] : value.split("\\s+");
        if (fields.length == 5) { // crontab: no seconds
            String[] withSeconds = new String[6];
            withSeconds[0] = "0";
            System.arraycopy(fields, 0, withSeconds, 1, 5);
            fields = withSeconds;
        }
        if (fields.length != 6) {
            throw new IllegalArgumentException("'" + text.strip() + "' has " + fields.length + " fields; a schedule has"
                    + " 6 (second minute hour day-of-month month day-of-week, e.g. '0 0 3 * * *') or 5 (the same"
                    + " without the second), or is 'off'");
        }
        Field[] kinds = Field.values();
        String[] canonical = new String[6];
        for (int i = 0; i < 6; i++) {
            canonical[i] = field(kinds[i], fields[i]);
        }
        return Optional.of(new JobSchedule(canonical[0], canonical[1], canonical[2], canonical[3], canonical[4],
                canonical[5], timezone));
    }

    /** The schedule of an existing calendar timer, to compare with the configured one. */
    public static JobSchedule of(ScheduleExpression expression) {
        String zone = expression.getTimezone();
        return new JobSchedule(expression.getSecond(), expression.getMinute(), expression.getHour(),
                expression.getDayOfMonth(), expression.getMonth(), expression.getDayOfWeek(),
                zone == null || zone.isBlank() ? null : zone);
    }

    /** The expression for the container's calendar timer (every year, no start or end). */
    public ScheduleExpression toScheduleExpression() {
        var expression = new ScheduleExpression().second(second).minute(minute).hour(hour).dayOfMonth(dayOfMonth)
                .month(month).dayOfWeek(dayOfWeek).year("*");
        return timezone == null ? expression : expression.timezone(timezone);
    }

    /** The six fields, canonical (names capitalised, no spaces), after {@code TZ=<zone>} when one is set. */
    @Override
    public String toString() {
        String fields = String.join(" ", second, minute, hour, dayOfMonth, month, dayOfWeek);
        return timezone == null ? fields : "TZ=" + timezone + " " + fields;
    }

    private static String zone(String id) {
        try {
            return ZoneId.of(id).getId();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + id + "' is not a time zone (TZ=Europe/Berlin, TZ=UTC)");
        }
    }

    private static String field(Field field, String text) {
        if (text.equals("*")) {
            return text;
        }
        if (text.contains("/")) {
            return increment(field, text);
        }
        var items = new ArrayList<String>();
        for (String item : text.split(",", -1)) {
            items.add(listItem(field, item, text));
        }
        return String.join(",", items);
    }

    private static String increment(Field field, String text) {
        String[] parts = text.split("/", -1);
        if (!field.increments || parts.length != 2) {
            throw invalid(field, text, field.increments ? "an increment is start/step, e.g. */10 or 5/15"
                    : "increments (x/y) are for the second, minute and hour only");
        }
        String start = parts[0].equals("*") ? "*" : Integer.toString(value(field, parts[0], text));
        int step;
        try {
            step = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw invalid(field, text, "the step of an increment is a whole number");
        }
        if (step < 1 || step > field.max) {
            throw invalid(field, text, "the step of an increment is from 1 to " + field.max);
        }
        return start + "/" + step;
    }

    private static String listItem(Field field, String item, String text) {
        if (item.isEmpty()) {
            throw invalid(field, text, "a list has no empty items");
        }
        if (item.equals("*") || item.equals("?")) {
            throw invalid(field, text, item.equals("?") ? "write * for any day ('?' is Quartz's)"
                    : "* stands alone, not in a list");
        }
        if (field == Field.DAY_OF_MONTH) {
            if (item.equalsIgnoreCase("Last")) {
                return "Last";
            }
            if (item.matches("-[1-7]")) {
                return item;
            }
        }
        int dash = item.indexOf('-', 1);
        if (dash > 0) {
            String from = canonicalValue(field, item.substring(0, dash), text);
            String to = canonicalValue(field, item.substring(dash + 1), text);
            return from + "-" + to;
        }
        return canonicalValue(field, item, text);
    }

    /** A single value as the container reads it: numbers as numbers, names capitalised ({@code Sun}, {@code Jan}). */
    private static String canonicalValue(Field field, String text, String whole) {
        for (String name : field.names) {
            if (name.equalsIgnoreCase(text)) {
                return name;
            }
        }
        return Integer.toString(value(field, text, whole));
    }

    private static int value(Field field, String text, String whole) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            String names = field.names.isEmpty() ? ""
                    : " or one of " + String.join(", ", field.names);
            throw invalid(field, whole, "'" + text + "' is not a number from " + field.min + " to " + field.max + names
                    + (field == Field.DAY_OF_MONTH ? ", Last or -7 to -1" : ""));
        }
        if (value < field.min || value > field.max) {
            throw invalid(field, whole, value + " is outside " + field.min + " to " + field.max);
        }
        return value;
    }

    private static IllegalArgumentException invalid(Field field, String text, String why) {
        return new IllegalArgumentException("the " + field.label + " field '" + text + "' is invalid: " + why);
    }
}
