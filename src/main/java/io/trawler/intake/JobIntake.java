package io.trawler.intake;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.trawler.config.TrawlerConfig;
import io.trawler.execution.JobScheduler;
import io.trawler.job.EngineSpec;
import io.trawler.job.EngineType;
import io.trawler.job.Job;
import io.trawler.lifecycle.JobEvents;
import io.trawler.lifecycle.JobHistory;
import io.trawler.lifecycle.JobLifecycle;
import io.trawler.metrics.TrawlerMetrics;
import io.trawler.validation.JobValidator;
import io.trawler.validation.ValidatedJob;
import io.trawler.validation.ValidationResult;
import io.trawler.validation.Violation;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The consumer of the jobs topic. Each record is decoded, named, validated, checked against the job
 * history, and then either accepted and handed to the scheduler, or refused with a Rejected event
 * and a dead-letter record.
 *
 * <p>Records arrive one at a time. The stage returned for a record completes once the job is
 * admitted to run (or refused), and only then does the next record come; when the worker is full,
 * intake waits and the Kafka consumer pauses its partitions. A record is acknowledged, and so may
 * be committed, only when its job's terminal event was acknowledged by Kafka.
 */
@Singleton
public class JobIntake {

    private static final Logger LOG = Logger.getLogger(JobIntake.class);

    /**
     * Refusals whose events are still on their way to Kafka. Up to this many are pipelined; past
     * it, intake waits for them, which bounds the memory a flood of bad records can take.
     */
    private static final int MAX_REFUSALS_IN_FLIGHT = 256;

    private final RecordDecoder decoder;
    private final JobValidator validator;
    private final JobLifecycle lifecycle;
    private final JobScheduler scheduler;
    private final JobHistory history;
    private final AssignedPartitions partitions;
    private final PendingCancels cancels;
    private final DeadLetterPublisher deadLetters;
    private final TrawlerMetrics metrics;
    private final AtomicInteger refusalsInFlight = new AtomicInteger();

    /** What the record in intake waits for, for the warning of a long wait. */
    private volatile String waitingFor = "nothing";

    private static final Duration INTAKE_WAIT_WARNING = Duration.ofSeconds(30);

    JobIntake(
            TrawlerConfig config,
            JobValidator validator,
            JobLifecycle lifecycle,
            JobScheduler scheduler,
            JobHistory history,
            AssignedPartitions partitions,
            PendingCancels cancels,
            DeadLetterPublisher deadLetters,
            TrawlerMetrics metrics) {
        this.decoder = new RecordDecoder(config.intake());
        this.validator = validator;
        this.lifecycle = lifecycle;
        this.scheduler = scheduler;
        this.history = history;
        this.partitions = partitions;
        this.cancels = cancels;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming("jobs")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        JobRecord record = JobRecord.of(message);
        CompletionStage<Void> done = intake(record);
        watch(record, done);
        return done;
    }

    /**
     * Warns when one record holds intake up for long: the next record only comes once this one's
     * stage completes, so an operator should hear what it waits for.
     */
    private void watch(JobRecord record, CompletionStage<Void> done) {
        CompletableFuture<Void> future = done.toCompletableFuture();
        if (future.isDone() || record.context() == null) {
            return;
        }
        long timer =
                record.context()
                        .owner()
                        .setTimer(
                                INTAKE_WAIT_WARNING.toMillis(),
                                id ->
                                        LOG.warnf(
                                                "intake waits on one record partition=%d"
                                                        + " offset=%d waitingFor=%s",
                                                record.partition(), record.offset(), waitingFor));
        future.whenComplete((ignored, failure) -> record.context().owner().cancelTimer(timer));
    }

    private CompletionStage<Void> intake(JobRecord record) {
        Message<byte[]> message = record.message();
        metrics.received();
        DecodeResult decoded = decoder.decode(message.getPayload());

        if (decoded instanceof DecodeResult.Tombstone) {
            LOG.debugf(
                    "tombstone skipped partition=%d offset=%d",
                    record.partition(), record.offset());
            return message.ack();
        }
        if (decoded instanceof DecodeResult.Undecodable undecodable) {
            return refuseUndecodable(record, undecodable);
        }

        Job job = ((DecodeResult.Decoded) decoded).job();
        String jobId = record.jobId(job.metadata() == null ? null : job.metadata().id());
        MDC.put("jobId", jobId);
        try {
            ValidationResult result = validator.validate(jobId, job);
            if (result instanceof ValidationResult.Invalid invalid) {
                return refuse(record, jobId, job, invalid.violations());
            }
            ValidatedJob valid = ((ValidationResult.Valid) result).job();
            // Every replica of a group has the same labels, so a job this worker may not run
            // would find no taker in the group: refuse it now instead of passing it around.
            List<Violation> misplaced = validator.checkPlacement(job);
            if (!misplaced.isEmpty()) {
                return refuse(record, jobId, job, misplaced);
            }
            waitingFor = "the job history to catch up with a newly assigned partition";
            return onIntakeThread(partitions.whenReady(record.topicPartition()), record)
                    .thenCompose(owned -> owned ? admit(record, valid) : skipNotOwned(record));
        } finally {
            MDC.remove("jobId");
        }
    }

    /** Waits until the worker may hold one more job, then admits this one. */
    private CompletionStage<Void> admit(JobRecord record, ValidatedJob job) {
        waitingFor = "room to hold one more job (trawler.execution.max-held-jobs)";
        return onIntakeThread(lifecycle.roomForOneMore(), record)
                .thenCompose(ignored -> admitNow(record, job));
    }

    /**
     * Hands a valid job to the lifecycle, unless the history says it already ended, this worker
     * already holds it, or a client cancelled it before it arrived.
     */
    private CompletionStage<Void> admitNow(JobRecord record, ValidatedJob job) {
        MDC.put("jobId", job.jobId());
        try {
            // A run of this job that ended here may still be publishing its last event (its
            // record came again after a rebalance): decide once that event is settled.
            Optional<CompletionStage<JobLifecycle.Settlement>> unsettled =
                    lifecycle.unsettled(job.jobId());
            if (unsettled.isPresent() && scheduler.find(job.jobId()).isEmpty()) {
                waitingFor = "the last event of an earlier run of the same job";
                return onIntakeThread(unsettled.get(), record)
                        .thenCompose(settlement -> admitNow(record, job));
            }
            Optional<JobHistory.Entry> known = history.find(job.jobId());
            if (known.isPresent() && known.get().state().terminal()) {
                return refuseDuplicate(
                        record, job, "the job already ended as " + known.get().state().wireName());
            }
            if (scheduler.find(job.jobId()).isPresent()) {
                return refuseDuplicate(record, job, "the job is already held by this worker");
            }

            Optional<PendingCancels.Request> cancel = cancels.take(job.jobId());
            Optional<JobLifecycle.Ticket> ticket =
                    partitions.whileOwned(
                            record.topicPartition(), () -> accept(record, job, cancel));
            waitingFor = "capacity to start the job";
            return ticket.isPresent()
                    ? onIntakeThread(ticket.get().run().admitted(), record)
                    : skipNotOwned(record);
        } finally {
            MDC.remove("jobId");
        }
    }

    private JobLifecycle.Ticket accept(
            JobRecord record, ValidatedJob job, Optional<PendingCancels.Request> cancel) {
        JobLifecycle.Ticket ticket =
                cancel.filter(request -> JobLifecycle.mayCancel(job.clientId(), request.clientId()))
                        .map(
                                request ->
                                        lifecycle.acceptCancelled(
                                                job, record.topicPartition(), request.reason()))
                        .orElseGet(() -> lifecycle.accept(job, record.topicPartition()));
        ticket.settled()
                .thenAccept(
                        settlement -> {
                            // Interrupted and unpublished runs stay uncommitted: they run again.
                            if (settlement == JobLifecycle.Settlement.FINISHED) {
                                record.message().ack();
                            }
                        });
        return ticket;
    }

    /**
     * The stage itself when it is complete, else one that completes on the record's own event loop.
     * Intake's next steps publish events and start jobs; they must not run on the thread that
     * completed the stage, which may be the Kafka producer's I/O thread (a settlement) or a job's
     * thread (an admission), where blocking on the producer could stall every job.
     */
    private static <T> CompletionStage<T> onIntakeThread(
            CompletionStage<T> stage, JobRecord record) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        if (future.isDone() || record.context() == null) {
            return future;
        }
        Context context = record.context();
        return future.thenApplyAsync(
                value -> value, task -> context.runOnContext(ignored -> task.run()));
    }

    private CompletionStage<Void> skipNotOwned(JobRecord record) {
        // The partition was revoked while the record waited; its next owner reads it again.
        LOG.debugf(
                "record of a partition no longer owned skipped partition=%d offset=%d",
                record.partition(), record.offset());
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<Void> refuseUndecodable(
            JobRecord record, DecodeResult.Undecodable undecodable) {
        Violation violation = undecodable.violation();
        Optional<String> namedId =
                record.namedJobId(undecodable.documentId()).filter(JobIds::usableAsEventKey);
        metrics.rejected(violation.code().name());
        CompletionStage<Void> deadLettered =
                deadLetter(
                        record, namedId.orElse(""), violation.code().name(), violation.message());
        if (namedId.isEmpty()) {
            LOG.infof(
                    "undecodable record dead-lettered partition=%d offset=%d code=%s",
                    record.partition(), record.offset(), violation.code());
            return pipelined(record, deadLettered);
        }
        // The producer named the job, so it can follow it: tell it why on the status topic too.
        MDC.put("jobId", namedId.get());
        try {
            CompletionStage<Void> rejected =
                    lifecycle.reject(
                            namedId.get(),
                            null,
                            null,
                            JobEvents.VALIDATION_FAILED,
                            violation.message(),
                            List.of(violation));
            return pipelined(record, rejected.thenCombine(deadLettered, (a, b) -> null));
        } finally {
            MDC.remove("jobId");
        }
    }

    private CompletionStage<Void> refuse(
            JobRecord record, String jobId, Job job, List<Violation> violations) {
        String first = violations.get(0).message();
        String message =
                violations.size() == 1
                        ? first
                        : first + " (and " + (violations.size() - 1) + " more)";
        metrics.rejected(violations.get(0).code().name());
        CompletionStage<Void> deadLettered =
                deadLetter(record, jobId, violations.get(0).code().name(), message);
        if (!JobIds.usableAsEventKey(jobId)) {
            return pipelined(record, deadLettered);
        }
        CompletionStage<Void> rejected =
                lifecycle.reject(
                        jobId,
                        engineOf(job),
                        clientOf(job),
                        JobEvents.VALIDATION_FAILED,
                        message,
                        violations);
        return pipelined(record, rejected.thenCombine(deadLettered, (a, b) -> null));
    }

    private CompletionStage<Void> refuseDuplicate(
            JobRecord record, ValidatedJob job, String reason) {
        // No status event: the job's latest state on the compacted topic must stay its own.
        LOG.infof("duplicate job not run jobId=%s reason=%s", job.jobId(), reason);
        return pipelined(
                record,
                deadLetter(record, job.jobId(), IntakeRefusal.DUPLICATE_JOB.name(), reason));
    }

    private CompletionStage<Void> deadLetter(
            JobRecord record, String jobId, String code, String reason) {
        metrics.deadLettered(code);
        return deadLetters.send(
                record.metadata(), record.message().getPayload(), jobId, code, reason);
    }

    /**
     * Acknowledges the record once {@code sent} completes. Returns at once while few refusals are
     * in flight, so a run of bad records does not wait on Kafka one by one.
     */
    private CompletionStage<Void> pipelined(JobRecord record, CompletionStage<?> sent) {
        refusalsInFlight.incrementAndGet();
        CompletableFuture<Void> done =
                sent.<Void>handle(
                                (ignored, failure) -> {
                                    refusalsInFlight.decrementAndGet();
                                    if (failure != null) {
                                        // Not acknowledged: the record is read again after a
                                        // restart or a rebalance, and refused again then.
                                        LOG.errorf(
                                                failure,
                                                "refusal not published, record left uncommitted"
                                                        + " partition=%d offset=%d",
                                                record.partition(),
                                                record.offset());
                                        return null;
                                    }
                                    record.message().ack();
                                    return null;
                                })
                        .toCompletableFuture();
        if (refusalsInFlight.get() < MAX_REFUSALS_IN_FLIGHT) {
            return CompletableFuture.completedFuture(null);
        }
        waitingFor = "refused records' events and dead letters on their way to Kafka";
        return done;
    }

    private static String engineOf(Job job) {
        if (job == null || job.spec() == null) {
            return null;
        }
        EngineSpec engine = job.spec().engineSpec();
        return engine == null
                ? null
                : EngineType.parse(engine.type()).map(EngineType::wireName).orElse(null);
    }

    private static String clientOf(Job job) {
        return job == null || job.metadata() == null ? null : job.metadata().clientId();
    }

    /** The Kafka facts of one incoming record. */
    private record JobRecord(
            Message<byte[]> message,
            IncomingKafkaRecordMetadata<byte[], byte[]> metadata,
            Context context) {

        @SuppressWarnings("unchecked")
        static JobRecord of(Message<byte[]> message) {
            IncomingKafkaRecordMetadata<byte[], byte[]> metadata =
                    message.getMetadata(IncomingKafkaRecordMetadata.class)
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "the jobs channel must be a Kafka channel"));
            return new JobRecord(message, metadata, Vertx.currentContext());
        }

        /** The job's ID by the contract's rule: document ID, else key, else derived. */
        String jobId(String documentId) {
            return JobIds.resolve(
                    documentId, metadata.getKey(), metadata.getTopic(), partition(), offset());
        }

        /** The ID the producer gave the job, in the document or as the key, if it gave one. */
        Optional<String> namedJobId(String documentId) {
            if (documentId != null && !documentId.isEmpty()) {
                return Optional.of(documentId);
            }
            String key = JobIds.keyText(metadata.getKey());
            return key == null || key.isEmpty() ? Optional.empty() : Optional.of(key);
        }

        int partition() {
            return metadata.getPartition();
        }

        long offset() {
            return metadata.getOffset();
        }

        TopicPartition topicPartition() {
            return new TopicPartition(metadata.getTopic(), metadata.getPartition());
        }
    }
}
