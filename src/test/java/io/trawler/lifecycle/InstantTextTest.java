package io.trawler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void writesWhatIsoInstantWritesForRandomTimesOfEveryPrecision() {
        SplittableRandom random = new SplittableRandom(20261204);
        long firstSecond = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long lastSecond = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        int[] units = {1_000_000_000, 1_000_000, 1000, 1};

        for (int n = 0; n < 200_000; n++) {
            int unit = units[n % units.length];
            Instant time =
                    Instant.ofEpochSecond(
                            random.nextLong(firstSecond, lastSecond + 1),
                            random.nextInt(1_000_000_000 / unit) * (long) unit);

            assertThat(InstantText.of(time)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(time));
        }
    }

    @Test
    void writesTheEdgesOfDaysYearsAndLeapDaysAsIsoInstantDoes() {
        String[] times = {
            "1970-01-01T00:00:00Z",
            "1999-12-31T23:59:59.999999999Z",
            "2000-02-29T12:00:00.5Z",
            "2024-02-29T23:59:59.000001Z",
            "2100-03-01T00:00:00.010Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
            "1969-12-31T23:59:59.123456789Z"
        };

        for (String text : times) {
            Instant time = Instant.parse(text);

            assertThat(InstantText.of(time)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(time));
        }
    }

    @Test
    void leavesYearsPastNineThousandNineHundredNinetyNineToIsoInstant() {
        Instant far = Instant.parse("+12026-01-01T00:00:00Z");

        assertThat(InstantText.of(far)).isEqualTo("+12026-01-01T00:00:00Z");
    }
}
