package io.trawler.execution;

/** Why an execution failed, as a stable code on the job's terminal event. */
public enum FailureReason {
    /** The job's process exited with a non-zero code. */
    NON_ZERO_EXIT(false),
    /** The job used more memory than its limit and was killed. */
    OUT_OF_MEMORY(false),
    /** The WebAssembly module trapped. */
    TRAP(false),
    /** The module imports functions this worker does not provide. */
    UNSUPPORTED_IMPORTS(false),
    /** The job's image could not be pulled or does not exist. */
    IMAGE_UNAVAILABLE(false),
    /** An input could not be fetched or mounted. */
    INPUT_UNAVAILABLE(false),
    /** The job's outputs could not be collected or published. */
    PUBLISH_FAILED(false),
    /** The job asked for something the executor refuses at run time. */
    NOT_PERMITTED(false),
    /** The execution engine (for example the Docker daemon) could not be reached. */
    ENGINE_UNAVAILABLE(true),
    /** The worker hit an unexpected fault of its own while running the job. */
    EXECUTOR_ERROR(true);

    private final boolean retryable;

    FailureReason(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether submitting the same job again may succeed without changing it. */
    public boolean retryable() {
        return retryable;
    }
}
