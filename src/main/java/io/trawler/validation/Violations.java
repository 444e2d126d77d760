package io.trawler.validation;

import java.util.ArrayList;
import java.util.List;

/** The violations found so far in one document, in the order they were found. */
final class Violations {

    private static final int MAX_QUOTED = 64;

    private final List<Violation> found = new ArrayList<>();

    void add(ViolationCode code, JsonPath path, String message) {
        found.add(new Violation(code, path.text(), message));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int size() {
        return found.size();
    }

    List<Violation> list() {
        return List.copyOf(found);
    }

    /**
     * A value from the document as a message may show it: quoted, at most 64 characters, with
     * control characters and unpaired surrogates replaced. Messages travel in events and logs,
     * which must never carry a producer's raw bytes.
     */
    static String quote(String value) {
        return value == null ? "nothing" : '"' + shown(value, MAX_QUOTED) + '"';
    }

    /**
     * At most {@code max} characters of {@code value}, printable; see {@link Violation#printable}.
     */
    static String shown(String value, int max) {
        return Violation.printable(value, max);
    }
}
