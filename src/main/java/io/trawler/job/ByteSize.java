package io.trawler.job;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory or disk, in bytes.
 *
 * <p>Reads both spellings producers use. Bacalhau's, a unit ending in {@code B} or {@code b}
 * ({@code "512MB"}, {@code "1Gb"}), counts in powers of 1024, as Bacalhau itself does. Kubernetes'
 * binary suffixes ({@code "512Mi"}) count in powers of 1024 and its bare decimal suffixes ({@code
 * "1G"}, {@code "500M"}) in powers of 1000. A bare number is bytes.
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

    private static final Pattern FORM =
            Pattern.compile("^([0-9]{1,19}(?:\\.[0-9]{1,9})?)\\s*([A-Za-z]{0,3})$");
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a byte size cannot be negative: " + bytes);
        }
    }

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    public static ByteSize ofMebibytes(long mebibytes) {
        return new ByteSize(Math.multiplyExact(mebibytes, 1024L * 1024L));
    }

    /**
     * Parses a size, or returns empty when the text is not one: an unknown unit, a sign, an
     * exponent, more than nine decimals, a fraction of a byte, or more than {@link Long#MAX_VALUE}
     * bytes.
     */
    public static Optional<ByteSize> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Optional<BigInteger> multiplier = multiplier(matcher.group(2));
        if (multiplier.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal exact =
                new BigDecimal(matcher.group(1)).multiply(new BigDecimal(multiplier.get()));
        BigInteger bytes;
        try {
            bytes = exact.toBigIntegerExact();
        } catch (ArithmeticException fractionOfAByte) {
            return Optional.empty();
        }
        return bytes.compareTo(MAX) > 0
                ? Optional.empty()
                : Optional.of(new ByteSize(bytes.longValue()));
    }

    private static Optional<BigInteger> multiplier(String unit) {
        if (unit.isEmpty() || unit.equals("B") || unit.equals("b")) {
            return Optional.of(BigInteger.ONE);
        }
        String upper = unit.toUpperCase(Locale.ROOT);
        int power = "KMGTPE".indexOf(upper.charAt(0)) + 1;
        if (power == 0) {
            return Optional.empty();
        }
        String rest = unit.substring(1);
        if (rest.equals("i") || rest.equalsIgnoreCase("B") || rest.equals("iB")) {
            return Optional.of(BigInteger.valueOf(1024).pow(power));
        }
        if (rest.isEmpty()) {
            return Optional.of(BigInteger.valueOf(1000).pow(power));
        }
        return Optional.empty();
    }

    @Override
    public int compareTo(ByteSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** Human-readable, in the largest binary unit that keeps one decimal: {@code "1.5 GiB"}. */
    @Override
    public String toString() {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0
                ? bytes + " B"
                : String.format(Locale.ROOT, "%.1f %s", value, units[unit]).replace(".0 ", " ");
    }
}
