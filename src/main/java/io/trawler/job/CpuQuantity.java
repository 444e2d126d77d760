package io.trawler.job;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of CPU in millicores: {@code "0.5"} and {@code "500m"} are both half a core.
 *
 * <p>Precision finer than one millicore is refused rather than rounded, so that a job never gets a
 * limit other than the one it wrote.
 */
public record CpuQuantity(long millicores) implements Comparable<CpuQuantity> {

    private static final Pattern FORM = Pattern.compile("^([0-9]{1,12}(?:\\.[0-9]{1,9})?)(m?)$");

    public CpuQuantity {
        if (millicores < 0) {
            throw new IllegalArgumentException("a CPU quantity cannot be negative: " + millicores);
        }
    }

    public static CpuQuantity ofMillicores(long millicores) {
        return new CpuQuantity(millicores);
    }

    public static CpuQuantity ofCores(long cores) {
        return new CpuQuantity(Math.multiplyExact(cores, 1000L));
    }

    /** Parses cores or millicores, or returns empty when the text is neither. */
    public static Optional<CpuQuantity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(matcher.group(1));
        BigDecimal millis = matcher.group(2).isEmpty() ? value.movePointRight(3) : value;
        try {
            return Optional.of(new CpuQuantity(millis.longValueExact()));
        } catch (ArithmeticException fractionOfAMillicore) {
            return Optional.empty();
        }
    }

    /** The quantity in cores, as Docker's NanoCpus and humans read it. */
    public double cores() {
        return millicores / 1000.0;
    }

    @Override
    public int compareTo(CpuQuantity other) {
        return Long.compare(millicores, other.millicores);
    }

    @Override
    public String toString() {
        return millicores % 1000 == 0
                ? (millicores / 1000) + " cores"
                : String.format(Locale.ROOT, "%dm", millicores);
    }
}
