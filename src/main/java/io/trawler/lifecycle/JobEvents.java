package io.trawler.lifecycle;

import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionResult;
import io.trawler.execution.PublishedOutput;
import io.trawler.execution.ScheduledRun;
import io.trawler.execution.StopReason;
import io.trawler.validation.Violation;
import java.time.Instant;
import java.util.List;

/** Builds the lifecycle events of one worker; every event it makes carries the worker's ID. */
public final class JobEvents {

    /** The reason code of a job that failed validation. */
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";

    /** The result of a job that never ran. */
    private static final JobEvent.Result NO_RUN =
            new JobEvent.Result(null, "", false, "", false, List.of(), 0, 0);

    private final String workerId;

    public JobEvents(String workerId) {
        this.workerId = workerId;
    }

    public JobEvent accepted(ScheduledRun run) {
        return ofRun(run, JobState.ACCEPTED, null, null);
    }

    public JobEvent running(ScheduledRun run) {
        return ofRun(run, JobState.RUNNING, null, null);
    }

    /** The event that ends a run: terminal, or Interrupted when the run must happen again. */
    public JobEvent ended(ScheduledRun run, ExecutionOutcome outcome) {
        JobEvent.Result result = result(run, outcome.result());
        if (outcome instanceof ExecutionOutcome.Succeeded) {
            return ofRun(run, JobState.COMPLETED, null, result);
        }
        if (outcome instanceof ExecutionOutcome.Failed failed) {
            JobEvent.Reason reason =
                    new JobEvent.Reason(
                            failed.reason().name(), failed.message(), failed.reason().retryable());
            return ofRun(run, JobState.FAILED, reason, result);
        }
        ExecutionOutcome.Stopped stopped = (ExecutionOutcome.Stopped) outcome;
        String detail = run.stopSignal().detail();
        return switch (stopped.reason()) {
            case TIMEOUT ->
                    ofRun(
                            run,
                            JobState.TIMED_OUT,
                            reason(
                                    "TIMEOUT",
                                    "the job ran longer than its timeout of "
                                            + run.request().job().timeout().toSeconds()
                                            + " s",
                                    false),
                            result);
            case CANCEL ->
                    ofRun(
                            run,
                            JobState.CANCELLED,
                            reason(
                                    "CANCELLED",
                                    detail.isEmpty() ? "cancelled by request" : detail,
                                    false),
                            result);
            case INTERRUPT ->
                    ofRun(
                            run,
                            JobState.INTERRUPTED,
                            reason(
                                    "INTERRUPTED",
                                    detail.isEmpty()
                                            ? "the worker stopped before the job ended"
                                            : detail,
                                    true),
                            result);
        };
    }

    /** The event of a job refused before it could run. */
    public JobEvent rejected(
            String jobId,
            String engine,
            String clientId,
            String code,
            String message,
            List<Violation> violations) {
        return new JobEvent(
                jobId,
                JobState.REJECTED.wireName(),
                1,
                RandomIds.next(),
                workerId,
                Instant.now(),
                engine,
                clientId,
                reason(code, message, false),
                List.copyOf(violations),
                NO_RUN);
    }

    private JobEvent ofRun(
            ScheduledRun run, JobState state, JobEvent.Reason reason, JobEvent.Result result) {
        return new JobEvent(
                run.jobId(),
                state.wireName(),
                run.request().attempt(),
                run.request().executionId(),
                workerId,
                Instant.now(),
                run.request().job().engineType().wireName(),
                run.request().job().clientId().isEmpty() ? null : run.request().job().clientId(),
                reason,
                null,
                result);
    }

    private static JobEvent.Reason reason(String code, String message, boolean retryable) {
        return new JobEvent.Reason(code, message, retryable);
    }

    private static JobEvent.Result result(ScheduledRun run, ExecutionResult result) {
        List<JobEvent.Output> outputs = result.outputs().stream().map(JobEvents::output).toList();
        return new JobEvent.Result(
                result.exitCode().isPresent() ? result.exitCode().getAsInt() : null,
                result.stdout().text(),
                result.stdout().truncated(),
                result.stderr().text(),
                result.stderr().truncated(),
                outputs,
                run.queued().toMillis(),
                run.running().toMillis());
    }

    private static JobEvent.Output output(PublishedOutput output) {
        return new JobEvent.Output(
                output.name(),
                output.path(),
                output.sizeBytes(),
                output.fileCount(),
                output.location().isEmpty() ? null : output.location());
    }

    /** Whether a stop reason means the job will run again. */
    static boolean runsAgain(StopReason reason) {
        return reason == StopReason.INTERRUPT;
    }
}
