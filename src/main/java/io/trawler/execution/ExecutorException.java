package io.trawler.execution;

/**
 * A fault of the worker's infrastructure, not of the job, that kept an execution from running: the
 * job is failed with reason {@link FailureReason#EXECUTOR_ERROR} and the fault is logged.
 */
public class ExecutorException extends RuntimeException {

    public ExecutorException(String message, Throwable cause) {
        super(message, cause);
    }

    public ExecutorException(String message) {
        super(message);
    }
}
