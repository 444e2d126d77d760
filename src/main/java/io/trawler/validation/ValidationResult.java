package io.trawler.validation;

import java.util.List;

/** Either a job ready to run or every reason it cannot run. */
public sealed interface ValidationResult {

    /** The job passed every check. */
    record Valid(ValidatedJob job) implements ValidationResult {}

    /** The job failed one or more checks; all of them are listed, in document order. */
    record Invalid(List<Violation> violations) implements ValidationResult {

        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid job has at least one violation");
            }
        }
    }
}
