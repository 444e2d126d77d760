package io.trawler.execution.wasm;

import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionResult;
import io.trawler.execution.ExecutorException;
import io.trawler.execution.FailureReason;
import io.trawler.execution.StopReason;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One wasm job running on a thread of its own. Stopping interrupts that thread: Chicory checks for
 * interruption on every call and every backward branch, in the interpreter and in compiled code
 * alike, and ends the guest with an exception that unwinds its stack, so no thread is left running
 * guest code.
 */
final class WasmExecution implements Execution {

    private static final Logger LOG = Logger.getLogger(WasmExecution.class);

    private final String jobId;
    private final CompletableFuture<ExecutionOutcome> outcome = new CompletableFuture<>();
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final Thread thread;

    /**
     * @param body makes the run, given how to ask whether a stop was requested
     */
    WasmExecution(String jobId, Function<Supplier<Optional<StopReason>>, ModuleRun> body) {
        this.jobId = jobId;
        ModuleRun run = body.apply(() -> Optional.ofNullable(stopReason.get()));
        this.thread = new Thread(() -> runOnThread(run), "trawler-wasm-" + jobId);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public ExecutionOutcome awaitOutcome() throws InterruptedException {
        // The outcome is set as the thread's last act, so once the thread is gone it is there.
        thread.join();
        return outcome.join();
    }

    @Override
    public void stop(StopReason reason) {
        if (outcome.isDone() || !stopReason.compareAndSet(null, reason)) {
            return;
        }
        LOG.debugf("stopping module jobId=%s reason=%s", jobId, reason);
        thread.interrupt();
    }

    private void runOnThread(ModuleRun run) {
        MDC.put("jobId", jobId);
        try {
            outcome.complete(run.run());
        } catch (ExecutorException e) {
            LOG.errorf(e, "wasm run could not use the host jobId=%s", jobId);
            outcome.complete(
                    new ExecutionOutcome.Failed(e.reason(), e.getMessage(), run.partialResult()));
        } catch (RuntimeException | Error e) {
            // The boundary of the run's thread: a fault of ours fails this job and is reported.
            LOG.errorf(e, "wasm run failed unexpectedly jobId=%s", jobId);
            outcome.complete(unexpected(e, run.partialResult()));
        } finally {
            MDC.remove("jobId");
        }
    }

    private static ExecutionOutcome unexpected(Throwable e, ExecutionResult result) {
        return new ExecutionOutcome.Failed(
                FailureReason.EXECUTOR_ERROR, "unexpected error running the module: " + e, result);
    }
}
