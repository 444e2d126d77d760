package io.trawler.lifecycle;

import java.util.Optional;

/**
 * The states of a job's life, as events on the status topic name them. A job moves Accepted,
 * Running, then one terminal state; Interrupted sends it back to run again with its attempt number
 * raised.
 */
public enum JobState {
    /** The job passed validation and waits for capacity on this worker. */
    ACCEPTED("Accepted", false),
    /** The job was refused by validation; it never runs. Its violations say why. */
    REJECTED("Rejected", true),
    /** An executor started the job. */
    RUNNING("Running", false),
    /** The job ran to its end and exited with code 0. */
    COMPLETED("Completed", true),
    /** The job ended without success; the reason and exit code say how. */
    FAILED("Failed", true),
    /** The job ran longer than its timeout and was stopped. */
    TIMED_OUT("TimedOut", true),
    /** A client cancelled the job, queued or running. */
    CANCELLED("Cancelled", true),
    /**
     * The worker stopped before the job ended (shutdown or a lost partition). The job is not
     * finished: it runs again, on this or another worker, with its attempt number raised.
     */
    INTERRUPTED("Interrupted", false);

    private final String wireName;
    private final boolean terminal;

    JobState(String wireName, boolean terminal) {
        this.wireName = wireName;
        this.terminal = terminal;
    }

    /** The name events carry, for example {@code TimedOut}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the job's life ends in this state: no event follows it and it never runs again. */
    public boolean terminal() {
        return terminal;
    }

    /** The state with this wire name, if there is one. */
    public static Optional<JobState> fromWireName(String name) {
        for (JobState state : values()) {
            if (state.wireName.equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
