package io.trawler.execution;

import java.util.Objects;

/**
 * A fault of the worker's infrastructure, not of the job, that kept an execution from running: the
 * engine cannot be reached, a host directory cannot be made. The job fails with the exception's
 * {@link #reason()}, which says whether running it again may succeed, and the fault is logged.
 */
public class ExecutorException extends RuntimeException {

    private final FailureReason reason;

    public ExecutorException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ExecutorException(FailureReason reason, String message) {
        this(reason, message, null);
    }

    /** How the job fails because of this fault. */
    public FailureReason reason() {
        return reason;
    }
}
