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
}
