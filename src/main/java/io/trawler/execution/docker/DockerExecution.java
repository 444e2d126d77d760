package io.trawler.execution.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.WaitResponse;
import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.ExecutionResult;
import io.trawler.execution.FailureReason;
import io.trawler.execution.StopReason;
import io.trawler.execution.storage.JobWorkspace;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One job's container from the moment it started: the engine's wait stream tells when it exited,
 * then its output and outputs are collected, it is removed, its workspace deleted, and only then is
 * the outcome completed. Thread-safe.
 */
final class DockerExecution implements Execution {

    private static final Logger LOG = Logger.getLogger(DockerExecution.class);

    /** How long the output stream may lag behind the container's exit. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);

    private final DockerClient client;
    private final ExecutionRequest request;
    private final JobWorkspace workspace;
    private final String containerId;
    private final OutputCapture output;
    private final Duration stopGrace;
    private final ScheduledExecutorService signals;
    private final CompletableFuture<ExecutionOutcome> outcome = new CompletableFuture<>();
    private StopReason stopReason;
    private boolean exited;

    DockerExecution(
            DockerClient client,
            ExecutionRequest request,
            JobWorkspace workspace,
            String containerId,
            OutputCapture output,
            Duration stopGrace,
            ScheduledExecutorService signals) {
        this.client = client;
        this.request = request;
        this.workspace = workspace;
        this.containerId = containerId;
        this.output = output;
        this.stopGrace = stopGrace;
        this.signals = signals;
    }

    @Override
    public ExecutionOutcome awaitOutcome() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the outcome is always completed normally", e);
        }
    }

    @Override
    public void stop(StopReason reason) {
        synchronized (this) {
            if (exited || stopReason != null) {
                return;
            }
            stopReason = reason;
        }
        LOG.debugf(
                "stopping container jobId=%s container=%s reason=%s",
                request.jobId(), containerId, reason);
        signals.execute(() -> signal("SIGTERM"));
        signals.schedule(this::killIfRunning, stopGrace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void killIfRunning() {
        synchronized (this) {
            if (exited) {
                return;
            }
        }
        LOG.debugf(
                "container outlived its stop grace jobId=%s container=%s graceMillis=%d",
                request.jobId(), containerId, stopGrace.toMillis());
        signal("SIGKILL");
    }

    private void signal(String signal) {
        try {
            client.killContainerCmd(containerId).withSignal(signal).exec();
        } catch (NotFoundException | ConflictException notRunning) {
            LOG.debugf("container already ended jobId=%s signal=%s", request.jobId(), signal);
        } catch (RuntimeException e) {
            // The watcher still sees the container end, or the engine fail, and reports it.
            LOG.warnf(
                    "could not signal a container jobId=%s container=%s signal=%s error=%s",
                    request.jobId(), containerId, signal, e);
        }
    }

    /**
     * Starts watching for the container's exit. The engine's wait stream runs on a thread of its
     * own, which then collects the outcome, so no other thread is woken on the way to it.
     */
    void watch() {
        client.waitContainerCmd(containerId).exec(new ExitWatcher());
    }

    /** Receives the container's exit code and finishes the execution on the stream's thread. */
    private final class ExitWatcher extends ResultCallback.Adapter<WaitResponse> {

        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile Integer exitCode;

        @Override
        public void onNext(WaitResponse response) {
            exitCode = response.getStatusCode();
        }

        @Override
        public void onComplete() {
            finishOnce(null);
            // Closing the stream interrupts its thread, so it comes after the finish.
            super.onComplete();
        }

        @Override
        public void onError(Throwable failure) {
            finishOnce(failure);
            super.onError(failure);
        }

        private void finishOnce(Throwable failure) {
            if (finished.compareAndSet(false, true)) {
                finish(exitCode, failure);
            }
        }
    }

    /**
     * Collects the outcome, removes the container and deletes the workspace, and only then
     * completes the outcome, so that nothing of the execution is left when awaitOutcome returns.
     */
    private void finish(Integer exitCode, Throwable waitFailure) {
        MDC.put("jobId", request.jobId());
        ExecutionOutcome ended;
        try {
            ended = outcomeOf(exitCode, waitFailure);
        } catch (RuntimeException e) {
            // The boundary of the watch: the outcome must complete, or awaitOutcome never returns.
            LOG.errorf(e, "unexpected error collecting a container jobId=%s", request.jobId());
            ended = lostTrack(e);
        } finally {
            closeOutput();
            removeContainer();
            workspace.close();
        }
        try {
            outcome.complete(ended);
        } finally {
            MDC.remove("jobId");
        }
    }

    private ExecutionOutcome outcomeOf(Integer exitCode, Throwable waitFailure) {
        if (waitFailure != null || exitCode == null) {
            LOG.errorf(
                    "lost the wait for a container jobId=%s container=%s error=%s",
                    request.jobId(), containerId, waitFailure);
            return lostTrack(waitFailure);
        }
        StopReason stoppedFor = markExited();
        drainOutput();
        // A job that exited with 0 succeeded, whatever its children went through.
        boolean oomKilled = exitCode != 0 && oomKilled();
        LOG.debugf(
                "container exited jobId=%s container=%s exitCode=%d oomKilled=%s stopReason=%s",
                request.jobId(), containerId, exitCode, oomKilled, stoppedFor);

        if (stoppedFor != null) {
            return new ExecutionOutcome.Stopped(
                    stoppedFor,
                    new ExecutionResult(
                            OptionalInt.empty(), output.stdout(), output.stderr(), List.of()));
        }
        ExecutionResult result = ExecutionResult.exited(exitCode, output.stdout(), output.stderr());
        ExecutionOutcome ran =
                oomKilled
                        ? new ExecutionOutcome.Failed(
                                FailureReason.OUT_OF_MEMORY,
                                "the job used more than its memory limit of "
                                        + request.job().resources().memory()
                                        + " and was killed",
                                result)
                        : ExecutionOutcome.ofExit(result);
        return workspace.publishAfter(ran);
    }

    private ExecutionOutcome lostTrack(Throwable failure) {
        markExited();
        boolean unreachable = failure != null && DockerEngine.isUnreachable(failure);
        return new ExecutionOutcome.Failed(
                unreachable ? FailureReason.ENGINE_UNAVAILABLE : FailureReason.EXECUTOR_ERROR,
                "the worker lost track of the job's container: " + failure,
                new ExecutionResult(
                        OptionalInt.empty(), output.stdout(), output.stderr(), List.of()));
    }

    private synchronized StopReason markExited() {
        exited = true;
        return stopReason;
    }

    private void drainOutput() {
        try {
            if (!output.awaitCompletion(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf(
                        "container output did not end with the container jobId=%s container=%s",
                        request.jobId(), containerId);
            }
        } catch (InterruptedException e) {
            // Only closing the engine's streams interrupts this thread; keep what was captured.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The container has ended; a broken output stream costs the rest of its output only.
            LOG.warnf(
                    "container output stream failed jobId=%s container=%s error=%s",
                    request.jobId(), containerId, e);
        }
    }

    private boolean oomKilled() {
        InspectContainerResponse inspected = client.inspectContainerCmd(containerId).exec();
        return Boolean.TRUE.equals(inspected.getState().getOOMKilled());
    }

    private void closeOutput() {
        try {
            output.close();
        } catch (IOException e) {
            // The stream has nothing more to give; a failed close only holds a connection longer.
            LOG.debugf("could not close a container's output stream error=%s", e);
        }
    }

    private void removeContainer() {
        DockerContainers.remove(client, containerId, request.jobId());
    }
}
