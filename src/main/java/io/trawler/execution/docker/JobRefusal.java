package io.trawler.execution.docker;

import io.trawler.execution.ExecutionResult;
import io.trawler.execution.FailureReason;

/**
 * Something about a job that keeps this executor from running it: a network it may not have, an
 * image that cannot be had, a command the container cannot start. The job fails with {@link
 * #reason()} and the message, which is written for the job's owner.
 */
final class JobRefusal extends Exception {

    private final FailureReason reason;
    private final ExecutionResult result;

    JobRefusal(FailureReason reason, String message) {
        this(reason, message, null, ExecutionResult.EMPTY);
    }

    JobRefusal(FailureReason reason, String message, Throwable cause) {
        this(reason, message, cause, ExecutionResult.EMPTY);
    }

    JobRefusal(FailureReason reason, String message, Throwable cause, ExecutionResult result) {
        super(message, cause);
        this.reason = reason;
        this.result = result;
    }

    FailureReason reason() {
        return reason;
    }

    /** What the job left behind before it was refused; empty for most refusals. */
    ExecutionResult result() {
        return result;
    }
}
