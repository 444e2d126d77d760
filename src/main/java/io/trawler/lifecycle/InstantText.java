package io.trawler.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The text of an event's time, character for character as {@link DateTimeFormatter#ISO_INSTANT}
 * writes it: {@code 2026-12-04T10:53:12.123456Z}, with a fraction of three, six or nine digits, and
 * none on a whole second. A worker writes it twice for every event, in the body and in the {@code
 * ce_time} header, and the formatter's general machinery costs more than the rest of an event's
 * headers together; this writes the fields straight into one builder.
 */
final class InstantText {

    private static final int SECONDS_PER_DAY = 86_400;
    private static final int LAST_PLAIN_YEAR = 9999;

    private InstantText() {}

    static String of(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        if (date.getYear() < 0 || date.getYear() > LAST_PLAIN_YEAR) {
            // Signed years, which no clock of this century reads.
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);

        StringBuilder text = new StringBuilder(30);
        digits(text, date.getYear(), 4).append('-');
        digits(text, date.getMonthValue(), 2).append('-');
        digits(text, date.getDayOfMonth(), 2).append('T');
        digits(text, secondOfDay / 3600, 2).append(':');
        digits(text, secondOfDay / 60 % 60, 2).append(':');
        digits(text, secondOfDay % 60, 2);
        fraction(text, instant.getNano());
        return text.append('Z').toString();
    }

    /** Milliseconds, microseconds or nanoseconds, whichever is the shortest that loses nothing. */
    private static void fraction(StringBuilder text, int nanos) {
        if (nanos == 0) {
            return;
        }
        text.append('.');
        if (nanos % 1_000_000 == 0) {
            digits(text, nanos / 1_000_000, 3);
        } else if (nanos % 1000 == 0) {
            digits(text, nanos / 1000, 6);
        } else {
            digits(text, nanos, 9);
        }
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        for (int scale = pow10(width - 1); scale > 0; scale /= 10) {
            text.append((char) ('0' + value / scale % 10));
        }
        return text;
    }

    private static int pow10(int exponent) {
        int value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
