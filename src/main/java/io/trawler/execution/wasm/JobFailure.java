package io.trawler.execution.wasm;

import io.trawler.execution.FailureReason;
import java.util.Objects;

/**
 * Something about the job itself keeps it from running: a module that cannot be fetched, parsed or
 * linked. Thrown between the steps of preparing a run and turned into a failed outcome, with this
 * reason and message, at the run's boundary.
 */
final class JobFailure extends Exception {

    private final FailureReason reason;

    JobFailure(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    JobFailure(FailureReason reason, String message) {
        this(reason, message, null);
    }

    static JobFailure inputUnavailable(String message) {
        return new JobFailure(FailureReason.INPUT_UNAVAILABLE, message);
    }

    static JobFailure inputUnavailable(String message, Throwable cause) {
        return new JobFailure(FailureReason.INPUT_UNAVAILABLE, message, cause);
    }

    FailureReason reason() {
        return reason;
    }
}
