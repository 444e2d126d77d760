package io.trawler.validation;

import java.util.Objects;

/**
 * One thing wrong with a job document: a stable code, the JSON path of the field (for example
 * {@code $.Spec.Resources.CPU}), and a message a producer can act on.
 */
public record Violation(ViolationCode code, String path, String message) {

    public Violation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * At most {@code max} characters of {@code text}, followed by "…" when cut, with control
     * characters and unpaired surrogates replaced by "?". Messages travel in events, headers and
     * logs, which must never carry a producer's raw bytes.
     */
    public static String printable(String text, int max) {
        StringBuilder shown = new StringBuilder(Math.min(text.length(), max) + 1);
        int i = 0;
        while (i < text.length() && shown.length() < max) {
            int codePoint = text.codePointAt(i);
            boolean unprintable =
                    Character.isISOControl(codePoint)
                            || Character.getType(codePoint) == Character.SURROGATE;
            shown.appendCodePoint(unprintable ? '?' : codePoint);
            i += Character.charCount(codePoint);
        }
        if (i < text.length()) {
            shown.append('…');
        }
        return shown.toString();
    }
}
