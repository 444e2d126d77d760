package io.trawler.execution;

/** One execution of a job that an {@link Executor} started. Thread-safe. */
public interface Execution {

    /**
     * Waits for the execution to end, by itself or stopped, and returns its outcome. Calling it
     * again returns the same outcome.
     *
     * @throws InterruptedException when the waiting thread is interrupted; the execution goes on
     */
    ExecutionOutcome awaitOutcome() throws InterruptedException;

    /**
     * Asks the execution to stop. Returns at once; the first reason given is the one the outcome
     * reports, and a stop after the execution ended changes nothing.
     */
    void stop(StopReason reason);
}
