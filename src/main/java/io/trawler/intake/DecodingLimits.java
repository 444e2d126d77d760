package io.trawler.intake;

import io.trawler.config.TrawlerConfig;

/**
 * The bounds a record must keep to be read as a job document.
 *
 * @param maxRecordBytes the largest record value, in bytes
 * @param maxNestingDepth the deepest nesting of objects and arrays
 * @param maxStringLength the longest string value, in characters
 * @param maxNumberLength the longest number, in characters
 * @param maxNameLength the longest field name, in characters
 */
public record DecodingLimits(
        int maxRecordBytes,
        int maxNestingDepth,
        int maxStringLength,
        int maxNumberLength,
        int maxNameLength) {

    /** Deeper nesting than this is refused at start-up: the reader recurses once per level. */
    static final int DEEPEST_ALLOWED_SETTING = 1000;

    public DecodingLimits {
        requirePositive("max-record-bytes", maxRecordBytes);
        requirePositive("max-nesting-depth", maxNestingDepth);
        requirePositive("max-string-length", maxStringLength);
        requirePositive("max-number-length", maxNumberLength);
        requirePositive("max-name-length", maxNameLength);
        if (maxNestingDepth > DEEPEST_ALLOWED_SETTING) {
            throw new IllegalArgumentException(
                    "trawler.intake.max-nesting-depth is at most " + DEEPEST_ALLOWED_SETTING);
        }
    }

    /** The limits the settings reference gives as defaults. */
    public static DecodingLimits defaults() {
        return new DecodingLimits(1024 * 1024, 32, 1024 * 1024, 40, 1024);
    }

    /** The limits configured under {@code trawler.intake}. */
    public static DecodingLimits of(TrawlerConfig.Intake intake) {
        return new DecodingLimits(
                intake.maxRecordBytes(),
                intake.maxNestingDepth(),
                intake.maxStringLength(),
                intake.maxNumberLength(),
                intake.maxNameLength());
    }

    private static void requirePositive(String setting, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("trawler.intake." + setting + " must be positive");
        }
    }
}
