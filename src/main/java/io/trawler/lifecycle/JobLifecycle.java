package io.trawler.lifecycle;

import io.trawler.config.TrawlerConfig;
import io.trawler.config.WorkerIdentity;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.JobScheduler;
import io.trawler.execution.RunListener;
import io.trawler.execution.ScheduledRun;
import io.trawler.validation.ValidatedJob;
import io.trawler.validation.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Carries a job through its states: publishes Accepted, hands the run to the scheduler, publishes
 * Running and the event that ends the run, and settles the job once that event is acknowledged by
 * Kafka. A job's record may be committed only after its settlement says so.
 */
@ApplicationScoped
public class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);

    private final JobScheduler scheduler;
    private final StatusPublisher publisher;
    private final JobEvents events;
    private final String workerId;
    private final int outputCap;

    JobLifecycle(
            JobScheduler scheduler,
            StatusPublisher publisher,
            WorkerIdentity identity,
            TrawlerConfig config) {
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.workerId = identity.workerId();
        this.events = new JobEvents(workerId);
        this.outputCap = config.execution().outputCaptureBytes();
    }

    /**
     * Accepts a validated job for its {@code attempt}-th run; its record came from {@code
     * partition}.
     */
    public Ticket accept(ValidatedJob job, int attempt, TopicPartition partition) {
        ExecutionRequest request =
                new ExecutionRequest(
                        job, UUID.randomUUID().toString(), attempt, workerId, outputCap);
        ScheduledRun run = new ScheduledRun(request, partition, Instant.now());
        CompletableFuture<Settlement> settled = new CompletableFuture<>();

        publisher.publish(events.accepted(run));
        LOG.infof(
                "job accepted jobId=%s engine=%s attempt=%d",
                job.jobId(), job.engineType().wireName(), attempt);

        scheduler.submit(run, new Listener(settled));
        return new Ticket(run, settled);
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
            publisher.publish(events.running(run));
        }

        @Override
        public void finished(ScheduledRun run, ExecutionOutcome outcome) {
            JobEvent event = events.ended(run, outcome);
            logEnd(run, event);
            publisher
                    .publish(event)
                    .whenComplete(
                            (ignored, failure) -> settled.complete(settlement(event, failure)));
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
                    event.state().toLowerCase(java.util.Locale.ROOT),
                    run.jobId(),
                    run.request().attempt(),
                    event.result() == null ? null : event.result().exitCode(),
                    event.reason() == null ? null : event.reason().code(),
                    run.running().toMillis());
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
