package io.trawler.execution;

import io.trawler.job.EngineType;

/**
 * Runs jobs of one engine type. One instance serves every job of its type, concurrently, and is
 * thread-safe.
 *
 * <p>The contract, for every implementation:
 *
 * <ul>
 *   <li>{@link #start} starts one execution of a job and returns its handle once the engine has
 *       started it (a container created and started, a module instantiated on its own thread). It
 *       may block while the engine prepares, for example while an image is pulled.
 *   <li>{@link Execution#awaitOutcome} waits for the execution to end and returns its outcome.
 *       Whatever the job itself does wrong (a non-zero exit, a trap, an OOM kill, an image that
 *       does not exist, an input that cannot be fetched) is an {@link ExecutionOutcome.Failed},
 *       never an exception.
 *   <li>{@link Execution#stop} (timeout, cancel, shutdown) ends the execution as soon as the engine
 *       allows; the outcome is then {@link ExecutionOutcome.Stopped} with the first reason given.
 *   <li>stdout and stderr are captured separately, each up to {@link ExecutionRequest#outputCap()}
 *       bytes from the start, with a flag saying whether it was cut.
 *   <li>Everything the execution created on the host (containers, directories, threads) is gone
 *       when {@code awaitOutcome} returns, except published outputs.
 *   <li>A fault of the worker's own infrastructure that prevents running the job at all (the engine
 *       cannot be reached, the disk is full) is an {@link ExecutorException}, thrown by {@code
 *       start}.
 * </ul>
 */
public interface Executor {

    /** The engine type this executor runs. */
    EngineType engineType();

    /**
     * Starts one execution of a job.
     *
     * @throws ExecutorException when the worker itself cannot run the job
     */
    Execution start(ExecutionRequest request);

    /**
     * Whether {@link #start} and {@link Execution#awaitOutcome} return at once, never blocking nor
     * waiting for anything. The scheduler runs such an executor's jobs on the thread that admits
     * them, sparing each a hand-off to a thread of its own; every other executor's jobs get one.
     */
    default boolean endsAtOnce() {
        return false;
    }
}
