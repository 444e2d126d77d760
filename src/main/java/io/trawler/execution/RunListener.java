package io.trawler.execution;

/**
 * Told of the moments of a run that others must hear about. Calls come from the scheduler's threads
 * and must not block for long.
 */
public interface RunListener {

    /** The run left the queue and its executor is about to start it. */
    void started(ScheduledRun run);

    /** The run ended, by itself or stopped, and its capacity was released. */
    void finished(ScheduledRun run, ExecutionOutcome outcome);
}
