package io.trawler.execution;

import io.trawler.job.EngineType;

/**
 * Runs jobs of one engine type. One instance serves every job of its type, concurrently.
 *
 * <p>The contract, for every implementation:
 *
 * <ul>
 *   <li>{@link #run} starts the job's execution, waits for it on the calling thread and returns its
 *       outcome. Whatever the job itself does wrong (a non-zero exit, a trap, an OOM kill, an image
 *       that does not exist) is an {@link ExecutionOutcome.Failed}, never an exception.
 *   <li>A stop requested through the {@link StopSignal} (timeout, cancel, shutdown) ends the
 *       execution as soon as the engine allows and returns {@link ExecutionOutcome.Stopped} with
 *       the signal's reason. A stop can arrive at any moment, before the execution even started.
 *   <li>stdout and stderr are captured separately, each up to {@link ExecutionRequest#outputCap()}
 *       bytes from the start, with a flag saying whether it was cut.
 *   <li>Everything the execution created on the host (containers, directories, threads) is gone
 *       when {@code run} returns, except published outputs.
 *   <li>A fault of the worker's own infrastructure that prevents running the job at all is an
 *       {@link ExecutorException}.
 * </ul>
 */
public interface Executor {

    /** The engine type this executor runs. */
    EngineType engineType();

    /**
     * Runs one execution of a job to its end.
     *
     * @throws ExecutorException when the worker itself cannot run the job
     */
    ExecutionOutcome run(ExecutionRequest request, StopSignal stopSignal);
}
