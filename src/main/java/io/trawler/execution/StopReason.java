package io.trawler.execution;

/** Why an execution was stopped before it ended by itself. */
public enum StopReason {
    /** The job ran longer than its timeout. */
    TIMEOUT,
    /** A client asked for the job to be cancelled. */
    CANCEL,
    /**
     * The worker is shutting down or lost the job's partition; the job will run again elsewhere.
     */
    INTERRUPT
}
