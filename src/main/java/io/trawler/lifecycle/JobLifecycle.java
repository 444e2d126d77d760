package io.trawler.lifecycle;

import io.trawler.config.TrawlerConfig;
import io.trawler.config.WorkerIdentity;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.FailureReason;
import io.trawler.execution.JobScheduler;
import io.trawler.execution.RunListener;
import io.trawler.execution.ScheduledRun;
import io.trawler.execution.StopReason;
import io.trawler.metrics.TrawlerMetrics;
import io.trawler.validation.ValidatedJob;
import io.trawler.validation.Violation;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Carries a job through its states: publishes Accepted, hands the run to the scheduler, publishes
 * Running and the event that ends the run, and settles the job once that event is acknowledged by
 * Kafka. A job's record may be committed only after its settlement says so.
 *
 * <p>The attempt number of a run comes from the job history: a job that was interrupted, or whose
 * worker died while it ran, runs again with the next attempt after the highest one on the status
 * topic.
 */
@Singleton
public class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);
    private static final int ENDING_PUBLISH_TRIES = 4;
    private static final Duration ENDING_PUBLISH_BACKOFF = Duration.ofSeconds(10);

    private final JobScheduler scheduler;
    private final StatusPublisher publisher;
    private final JobHistory history;
    private final TrawlerMetrics metrics;
    private final JobEvents events;
    private final String workerId;
    private final int outputCap;
    private final Map<ScheduledRun, CompletableFuture<Settlement>> open = new ConcurrentHashMap<>();

    /** The same settlements by job ID; intake asks for one before every job it admits. */
    private final Map<String, CompletableFuture<Settlement>> openByJob = new ConcurrentHashMap<>();

    private final Queue<CompletableFuture<Void>> waitingForRoom = new ConcurrentLinkedQueue<>();
    private final int maxHeld;

    JobLifecycle(
            JobScheduler scheduler,
            StatusPublisher publisher,
            JobHistory history,
            TrawlerMetrics metrics,
            WorkerIdentity identity,
            TrawlerConfig config) {
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.history = history;
        this.metrics = metrics;
        this.workerId = identity.workerId();
        this.events = new JobEvents(workerId);
        this.outputCap = config.execution().outputCaptureBytes();
        this.maxHeld =
                Math.max(config.execution().maxHeldJobs(), config.execution().maxConcurrentJobs());
    }

    /**
     * Completes when this worker may take one more job: it holds fewer than {@code
     * trawler.execution.max-held-jobs}, counting queued and running jobs and those whose last event
     * is still on its way to Kafka. Intake waits for it before each job, which bounds the events in
     * flight however fast jobs end.
     */
    public CompletionStage<Void> roomForOneMore() {
        if (open.size() < maxHeld) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> room = new CompletableFuture<>();
        waitingForRoom.add(room);
        // A settlement between the check and the add would otherwise be missed.
        signalRoom();
        return room;
    }

    private void signalRoom() {
        while (open.size() < maxHeld) {
            CompletableFuture<Void> next = waitingForRoom.poll();
            if (next == null) {
                return;
            }
            next.complete(null);
        }
    }

    /**
     * Accepts a validated job whose record came from {@code partition} and queues its run. The
     * ticket's run says when it left the queue; its settlement, when the run's last event is on the
     * status topic.
     */
    public Ticket accept(ValidatedJob job, TopicPartition partition) {
        return submit(newRun(job, partition));
    }

    /**
     * Accepts a job that a client cancelled before it arrived: it is published as Accepted and then
     * Cancelled, and never runs.
     */
    public Ticket acceptCancelled(ValidatedJob job, TopicPartition partition, String why) {
        ScheduledRun run = newRun(job, partition);
        run.stopSignal().stop(StopReason.CANCEL, why);
        return submit(run);
    }

    /**
     * Publishes the Rejected event of a job refused before it could run. The stage completes when
     * Kafka acknowledged the event.
     */
    public CompletionStage<Void> reject(
            String jobId,
            String engine,
            String clientId,
            String code,
            String message,
            List<Violation> violations) {
        JobEvent event = events.rejected(jobId, engine, clientId, code, message, violations);
        LOG.infof("job rejected jobId=%s code=%s violations=%d", jobId, code, violations.size());
        return publisher.publish(event);
    }

    /**
     * Cancels a job this worker holds, queued or running. A job submitted with a client ID may only
     * be cancelled by a request from the same client.
     *
     * @param clientId the client asking, or an empty string
     */
    public CancelResult cancel(String jobId, String clientId, String why) {
        Optional<ScheduledRun> run = scheduler.find(jobId);
        if (run.isEmpty()) {
            return CancelResult.NOT_HELD;
        }
        if (!mayCancel(run.get().request().job().clientId(), clientId)) {
            return CancelResult.CLIENT_MISMATCH;
        }
        return scheduler.stop(jobId, StopReason.CANCEL, why)
                ? CancelResult.CANCELLED
                : CancelResult.NOT_HELD;
    }

    /** Whether a cancel request from {@code requester} may cancel a job of {@code owner}. */
    public static boolean mayCancel(String owner, String requester) {
        return owner.isEmpty() || owner.equals(requester);
    }

    /** What a cancel request did. */
    public enum CancelResult {
        /** The job was held here and is being stopped; its Cancelled event follows. */
        CANCELLED,
        /** This worker holds no such job. */
        NOT_HELD,
        /** The job belongs to another client; nothing was done. */
        CLIENT_MISMATCH
    }

    /**
     * Stops every held run that matches and publishes Interrupted for each; their records stay
     * uncommitted so that the jobs run again. The stage completes once every matching run is
     * settled, including runs that had already ended and whose last event is still on its way: the
     * next owner of their records must find that event in the history.
     */
    public CompletionStage<Void> interrupt(Predicate<ScheduledRun> which, String why) {
        scheduler.stopAll(which, StopReason.INTERRUPT, why);
        CompletableFuture<?>[] settlements =
                open.entrySet().stream()
                        .filter(entry -> which.test(entry.getKey()))
                        .map(Map.Entry::getValue)
                        .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(settlements);
    }

    /**
     * The settlement of a run of this job that this worker holds, ended or not, while its last
     * event is not yet acknowledged; empty when it holds none.
     */
    public Optional<CompletionStage<Settlement>> unsettled(String jobId) {
        // A settlement completes before its run leaves the maps; a complete one is settled.
        CompletableFuture<Settlement> settlement = openByJob.get(jobId);
        return settlement == null || settlement.isDone()
                ? Optional.empty()
                : Optional.of(settlement);
    }

    /** Runs this worker holds now, queued or running. */
    public int held() {
        return open.size();
    }

    /** Completes once every run held now is settled. */
    public CompletionStage<Void> allSettled() {
        return CompletableFuture.allOf(open.values().toArray(CompletableFuture[]::new));
    }

    private ScheduledRun newRun(ValidatedJob job, TopicPartition partition) {
        int attempt = history.find(job.jobId()).map(entry -> entry.attempt() + 1).orElse(1);
        ExecutionRequest request =
                new ExecutionRequest(job, RandomIds.next(), attempt, workerId, outputCap);
        return new ScheduledRun(request, partition, Instant.now());
    }

    private Ticket submit(ScheduledRun run) {
        CompletableFuture<Settlement> settled = new CompletableFuture<>();
        open.put(run, settled);
        openByJob.put(run.jobId(), settled);
        settled.whenComplete(
                (settlement, failure) -> {
                    open.remove(run);
                    openByJob.remove(run.jobId(), settled);
                    signalRoom();
                });

        // Accepted is sent before the run can start, and the producer keeps the order per key.
        publisher.publish(events.accepted(run));
        metrics.accepted(run.request().job().engineType().wireName());
        LOG.infof(
                "job accepted jobId=%s engine=%s attempt=%d executionId=%s",
                run.jobId(),
                run.request().job().engineType().wireName(),
                run.request().attempt(),
                run.request().executionId());

        scheduler.submit(run, new Listener(settled));
        return new Ticket(run, settled);
    }

    private final class Listener implements RunListener {

        private final CompletableFuture<Settlement> settled;

        Listener(CompletableFuture<Settlement> settled) {
            this.settled = settled;
        }

        @Override
        public void started(ScheduledRun run) {
            LOG.infof(
                    "job running jobId=%s attempt=%d executionId=%s queuedMillis=%d",
                    run.jobId(),
                    run.request().attempt(),
                    run.request().executionId(),
                    run.queued().toMillis());
            metrics.started(engine(run), run.queued());
            publisher.publish(events.running(run));
        }

        @Override
        public void finished(ScheduledRun run, ExecutionOutcome outcome) {
            JobEvent event = events.ended(run, outcome);
            MDC.put("jobId", run.jobId());
            try {
                logEnd(run, event);
            } finally {
                MDC.remove("jobId");
            }
            count(run, outcome, event);
            publishEnding(event, ENDING_PUBLISH_TRIES);
        }

        /**
         * Publishes the event that ends a run, trying again a few times: the producer retries on
         * its own for its delivery timeout, and these tries carry the job over a longer outage.
         */
        private void publishEnding(JobEvent event, int triesLeft) {
            publisher
                    .publish(event)
                    .whenComplete(
                            (ignored, failure) -> {
                                if (failure == null || triesLeft <= 1) {
                                    settled.complete(settlement(event, failure));
                                    return;
                                }
                                LOG.warnf(
                                        "status event not published, trying again jobId=%s"
                                                + " state=%s triesLeft=%d",
                                        event.jobId(), event.state(), triesLeft - 1);
                                CompletableFuture.delayedExecutor(
                                                ENDING_PUBLISH_BACKOFF.toMillis(),
                                                TimeUnit.MILLISECONDS)
                                        .execute(() -> publishEnding(event, triesLeft - 1));
                            });
        }

        private void count(ScheduledRun run, ExecutionOutcome outcome, JobEvent event) {
            if (run.started()) {
                metrics.ended(engine(run), event.state(), run.running());
            } else {
                metrics.finished(engine(run), event.state());
            }
            if (outcome instanceof ExecutionOutcome.Failed failed
                    && (failed.reason() == FailureReason.EXECUTOR_ERROR
                            || failed.reason() == FailureReason.ENGINE_UNAVAILABLE)) {
                metrics.executorError(engine(run));
            }
        }

        private Settlement settlement(JobEvent event, Throwable failure) {
            if (failure != null) {
                LOG.errorf(
                        failure,
                        "status event lost, record stays uncommitted jobId=%s state=%s",
                        event.jobId(),
                        event.state());
                return Settlement.UNPUBLISHED;
            }
            return event.jobState().terminal() ? Settlement.FINISHED : Settlement.INTERRUPTED;
        }

        private void logEnd(ScheduledRun run, JobEvent event) {
            LOG.infof(
                    "job %s jobId=%s attempt=%d exitCode=%s reason=%s runMillis=%d",
                    event.state().toLowerCase(Locale.ROOT),
                    run.jobId(),
                    run.request().attempt(),
                    event.result() == null ? null : event.result().exitCode(),
                    event.reason() == null ? null : event.reason().code(),
                    run.running().toMillis());
        }

        private static String engine(ScheduledRun run) {
            return run.request().job().engineType().wireName();
        }
    }

    /** How a job's run settled, which decides what happens to its record. */
    public enum Settlement {
        /** A terminal event was acknowledged by Kafka: the record may be committed. */
        FINISHED,
        /**
         * An Interrupted event was acknowledged: the record must run again, so it stays
         * uncommitted.
         */
        INTERRUPTED,
        /** The ending event could not be published: the record stays uncommitted. */
        UNPUBLISHED
    }

    /**
     * A job this worker holds.
     *
     * @param run the scheduled run
     * @param settled completes once the event ending the run was published, or could not be
     */
    public record Ticket(ScheduledRun run, CompletionStage<Settlement> settled) {}
}
