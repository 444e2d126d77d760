package io.trawler.execution.wasm;

import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionResult;
import io.trawler.execution.ExecutorException;
import io.trawler.execution.FailureReason;
import io.trawler.execution.StopReason;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One wasm job running on a thread of {@link RunThreads}. Stopping interrupts that thread: Chicory
 * checks for interruption on every call and every backward branch, in the interpreter and in
 * compiled code alike, and ends the guest with an exception that unwinds its stack, so no thread is
 * left running guest code.
 *
 * <p>The thread is the run's only while the run lasts: a stop interrupts it only between the start
 * of the run and its end, under one lock with both, so an interrupt never reaches the next run on
 * that thread.
 */
final class WasmExecution implements Execution {

    private static final Logger LOG = Logger.getLogger(WasmExecution.class);

    private final String jobId;
    private final ModuleRun run;
    private final CompletableFuture<ExecutionOutcome> outcome = new CompletableFuture<>();
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();

    /** Guards {@link #runner} and {@link #ended}. */
    private final Object lock = new Object();

    private Thread runner;
    private boolean ended;

    /**
     * @param body makes the run, given how to ask whether a stop was requested
     */
    WasmExecution(String jobId, Function<Supplier<Optional<StopReason>>, ModuleRun> body) {
        this.jobId = jobId;
        this.run = body.apply(() -> Optional.ofNullable(stopReason.get()));
    }

    void start(RunThreads threads) {
        threads.run("trawler-wasm-" + jobId, this::runOnThread, outcome::complete);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The outcome is handed on only once the run's thread has left the run, cleared of any
     * interrupt the run got.
     */
    @Override
    public ExecutionOutcome awaitOutcome() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the outcome is never completed exceptionally", e);
        }
    }

    @Override
    public void stop(StopReason reason) {
        if (outcome.isDone() || !stopReason.compareAndSet(null, reason)) {
            return;
        }
        synchronized (lock) {
            if (ended) {
                return;
            }
            LOG.debugf("stopping module jobId=%s reason=%s", jobId, reason);
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    private ExecutionOutcome runOnThread() {
        synchronized (lock) {
            runner = Thread.currentThread();
            // A stop that came before the run had its thread interrupts it now.
            if (stopReason.get() != null) {
                runner.interrupt();
            }
        }
        MDC.put("jobId", jobId);
        try {
            return runGuarded();
        } finally {
            synchronized (lock) {
                ended = true;
                runner = null;
            }
            MDC.remove("jobId");
        }
    }

    private ExecutionOutcome runGuarded() {
        try {
            return run.run();
        } catch (ExecutorException e) {
            LOG.errorf(e, "wasm run could not use the host jobId=%s", jobId);
            return new ExecutionOutcome.Failed(e.reason(), e.getMessage(), run.partialResult());
        } catch (RuntimeException | Error e) {
            // The boundary of the run's thread: a fault of ours fails this job and is reported.
            LOG.errorf(e, "wasm run failed unexpectedly jobId=%s", jobId);
            return unexpected(e, run.partialResult());
        }
    }

    private static ExecutionOutcome unexpected(Throwable e, ExecutionResult result) {
        return new ExecutionOutcome.Failed(
                FailureReason.EXECUTOR_ERROR, "unexpected error running the module: " + e, result);
    }
}
