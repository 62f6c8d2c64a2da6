package io.fluvius.media.connector.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/** The one duration syntax every protocol's timeouts and deadline are read with. */
class SpecValuesTest {

    private static final Duration FALLBACK = Duration.ofSeconds(7);

    private static Duration deadline(String value) {
        return new SpecValues(new FilesystemSpec("fs", "azure", Map.of("deadline", value)), "azure")
                .duration("deadline", FALLBACK);
    }

    @ParameterizedTest
    @CsvSource({
            "2500, 2500",
            "500ms, 500",
            "500 ms, 500",
            "10s, 10000",
            "10S, 10000",
            "2m, 120000",
            "PT10S, 10000",
            "pt0.5s, 500",
            "P0DT1M, 60000",
    })
    void eachProtocolsFormerFormatsAreRead(String value, long millis) {
        assertEquals(Duration.ofMillis(millis), deadline(value));
    }

    @Test
    void aDurationLeftOutIsTheFallback() {
        assertEquals(FALLBACK, new SpecValues(new FilesystemSpec("fs", "azure", Map.of()), "azure")
                .duration("deadline", FALLBACK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "0", "0s", "-5s", "PT-1S", "PT0.0001S", "1.5s", "10h", "2147483648",
            "9223372036854775807s", "99999999999999999999ms"})
    void aValueThatIsNotAPositiveDurationWithinTheLimitIsRefusedByName(String value) {
        InvalidFilesystemException refused = assertThrows(InvalidFilesystemException.class, () -> deadline(value));

        assertTrue(refused.getMessage().contains("'deadline'"), refused.getMessage());
    }

    @Test
    void s3TakesABareNumberAsMillisecondsAndTheOtherProtocolsFormsToo() {
        Map<String, String> params = Map.of("bucket", "media", "key", "id", "secret", "s3cr3t",
                "deadline", "130000", "connectTimeout", "PT1S", "readTimeout", "1m");

        S3Settings settings = S3Settings.of(new FilesystemSpec("fs", "s3", params));

        assertEquals(130_000, settings.deadlineMillis());
        assertEquals(1_000, settings.connectTimeoutMillis());
        assertEquals(60_000, settings.readTimeoutMillis());
    }
}
