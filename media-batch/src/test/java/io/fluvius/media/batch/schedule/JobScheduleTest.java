package io.fluvius.media.batch.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import jakarta.ejb.ScheduleExpression;

import org.junit.jupiter.api.Test;

class JobScheduleTest {

    private static JobSchedule parsed(String text) {
        return JobSchedule.parse(text).orElseThrow();
    }

    private static String invalid(String text) {
        return assertThrows(IllegalArgumentException.class, () -> JobSchedule.parse(text), text).getMessage();
    }

    @Test
    void sixFieldsAreSecondMinuteHourDayOfMonthMonthDayOfWeek() {
        JobSchedule schedule = parsed("0 30 3 1-15 * Mon-Fri");

        assertEquals(new JobSchedule("0", "30", "3", "1-15", "*", "Mon-Fri", null), schedule);
        ScheduleExpression expression = schedule.toScheduleExpression();
        assertEquals("0", expression.getSecond());
        assertEquals("30", expression.getMinute());
        assertEquals("3", expression.getHour());
        assertEquals("1-15", expression.getDayOfMonth());
        assertEquals("*", expression.getMonth());
        assertEquals("Mon-Fri", expression.getDayOfWeek());
        assertEquals("*", expression.getYear());
    }

    @Test
    void fiveFieldsAreCrontabsWithTheSecondAtZero() {
        assertEquals(parsed("0 0 3 * * *"), parsed("0 3 * * *"));
        assertEquals("0 */15 * * * *", parsed("*/15 * * * *").toString());
    }

    @Test
    void incrementsListsAndRangesAreKept() {
        assertEquals("*/10 * * * * *", parsed("*/10 * * * * *").toString());
        assertEquals("5/20 0,30 8-18 * * *", parsed("5/20   0,30 8-18 * * *").toString());
    }

    @Test
    void namesAreCapitalisedAndTheLastDaysOfTheMonthAccepted() {
        assertEquals("0 0 4 * Jan,Jul Sun", parsed("0 0 4 * jan,JUL SUN").toString());
        assertEquals("0 0 0 Last * *", parsed("0 0 0 last * *").toString());
        assertEquals("0 0 0 -3 * *", parsed("0 0 0 -3 * *").toString());
        assertEquals("0 0 0 * * 0,7", parsed("0 0 0 * * 0,7").toString());
    }

    @Test
    void shorthandsStandForTheUsualExpressions() {
        assertEquals("0 0 * * * *", parsed("@hourly").toString());
        assertEquals("0 0 0 * * *", parsed("@daily").toString());
        assertEquals("0 0 0 * * Sun", parsed("@WEEKLY").toString());
        assertEquals("0 0 0 1 * *", parsed("@monthly").toString());
    }

    @Test
    void aTimeZoneComesFirst() {
        JobSchedule schedule = parsed("TZ=Europe/Berlin 0 0 3 * * *");

        assertEquals("Europe/Berlin", schedule.timezone());
        assertEquals("Europe/Berlin", schedule.toScheduleExpression().getTimezone());
        assertEquals("TZ=Europe/Berlin 0 0 3 * * *", schedule.toString());
        assertEquals("TZ=UTC 0 0 0 * * Sun", parsed("CRON_TZ=UTC @weekly").toString());
    }

    @Test
    void offOrNothingTurnsTheScheduleOff() {
        for (String off : new String[] {"off", "OFF", " off ", "", "   ", null}) {
            assertEquals(Optional.empty(), JobSchedule.parse(off), String.valueOf(off));
        }
    }

    @Test
    void aTimersExpressionReadsBackAsTheSameSchedule() {
        for (String text : new String[] {"*/10 * * * * *", "TZ=UTC 0 0 3 * * *", "0 0 4 * * Sun"}) {
            JobSchedule schedule = parsed(text);
            assertEquals(schedule, JobSchedule.of(schedule.toScheduleExpression()), text);
        }
    }

    @Test
    void aWrongNumberOfFieldsSaysWhatAScheduleIs() {
        String message = invalid("0 3 * *");
        assertTrue(message.contains("4 fields") && message.contains("second minute hour"), message);
        assertTrue(invalid("0 0 3 * * * 2027").contains("7 fields"));
        assertTrue(invalid("nightly").contains("1 fields"));
    }

    @Test
    void valuesOutsideTheirFieldsRangeAreRefusedNamingTheField() {
        assertTrue(invalid("60 * * * * *").contains("the second field '60' is invalid: 60 is outside 0 to 59"));
        assertTrue(invalid("0 0 24 * * *").contains("hour field"));
        assertTrue(invalid("0 0 0 32 * *").contains("day of month field"));
        assertTrue(invalid("0 0 0 0 * *").contains("day of month field"));
        assertTrue(invalid("0 0 0 * 13 *").contains("month field"));
        assertTrue(invalid("0 0 0 * * 8").contains("day of week field"));
        assertTrue(invalid("0 0 0 * * Sunday").contains("one of Sun, Mon"));
        assertTrue(invalid("0 0 0 * Foo *").contains("one of Jan, Feb"));
    }

    @Test
    void malformedFieldsAreRefused() {
        assertTrue(invalid("0 0 0 ? * Mon").contains("write * for any day"));
        assertTrue(invalid("0 0 0 * * */2").contains("increments (x/y) are for the second, minute and hour only"));
        assertTrue(invalid("*/0 * * * * *").contains("step of an increment is from 1"));
        assertTrue(invalid("*/x * * * * *").contains("step of an increment is a whole number"));
        assertTrue(invalid("1/2/3 * * * * *").contains("an increment is start/step"));
        assertTrue(invalid("0 0,,1 * * * *").contains("no empty items"));
        assertTrue(invalid("0 *,5 * * * *").contains("* stands alone"));
        assertTrue(invalid("0 0 1-x * * *").contains("'x' is not a number"));
    }

    @Test
    void badShorthandsAndZonesAreRefused() {
        assertTrue(invalid("@nightly").contains("not a shorthand; there are @daily"));
        assertTrue(invalid("TZ=Mars/Olympus 0 0 3 * * *").contains("'Mars/Olympus' is not a time zone"));
        assertTrue(invalid("TZ=UTC").contains("0 fields"));
    }
}
