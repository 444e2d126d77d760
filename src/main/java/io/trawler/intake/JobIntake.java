package io.trawler.intake;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.trawler.config.TrawlerConfig;
import io.trawler.execution.JobScheduler;
import io.trawler.job.EngineSpec;
import io.trawler.job.EngineType;
import io.trawler.job.Job;
import io.trawler.lifecycle.JobEvents;
import io.trawler.lifecycle.JobLifecycle;
import io.trawler.validation.JobValidator;
import io.trawler.validation.ValidationResult;
import io.trawler.validation.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
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
 * The consumer of the jobs topic. Each record is decoded, named, validated, and then either
 * accepted and handed to the scheduler, or refused with a Rejected event and a dead-letter record.
 *
 * <p>Records arrive one at a time. The stage returned for a record completes once the job is
 * admitted to run (or refused), and only then does the next record come; when the worker is full,
 * intake waits and the Kafka consumer pauses its partitions. A record is acknowledged, and so may
 * be committed, only when its job's terminal event was acknowledged by Kafka.
 */
@ApplicationScoped
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
    private final DeadLetterPublisher deadLetters;
    private final AtomicInteger refusalsInFlight = new AtomicInteger();

    JobIntake(
            TrawlerConfig config,
            JobValidator validator,
            JobLifecycle lifecycle,
            JobScheduler scheduler,
            DeadLetterPublisher deadLetters) {
        this.decoder = new RecordDecoder(config.intake());
        this.validator = validator;
        this.lifecycle = lifecycle;
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
    }

    @Incoming("jobs")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        IncomingKafkaRecord record = IncomingKafkaRecord.of(message);
        DecodeResult decoded = decoder.decode(message.getPayload());
        if (decoded instanceof DecodeResult.Tombstone) {
            LOG.debugf(
                    "tombstone skipped partition=%d offset=%d",
                    record.partition(), record.offset());
            return message.ack();
        }
        if (decoded instanceof DecodeResult.Undecodable undecodable) {
            String jobId = record.jobId(undecodable.documentId());
            return refuse(record, jobId, null, List.of(undecodable.violation()));
        }

        Job job = ((DecodeResult.Decoded) decoded).job();
        String jobId = record.jobId(job.metadata() == null ? null : job.metadata().id());
        MDC.put("jobId", jobId);
        try {
            return admitOrRefuse(record, jobId, job);
        } finally {
            MDC.remove("jobId");
        }
    }

    private CompletionStage<Void> admitOrRefuse(IncomingKafkaRecord record, String jobId, Job job) {
        ValidationResult result = validator.validate(jobId, job);
        if (result instanceof ValidationResult.Invalid invalid) {
            return refuse(record, jobId, job, invalid.violations());
        }

        ValidationResult.Valid valid = (ValidationResult.Valid) result;
        if (scheduler.find(jobId).isPresent()) {
            LOG.warnf("duplicate submission of a held job jobId=%s", jobId);
            return deadLetter(
                    record, jobId, "DUPLICATE_JOB", "the job is already held by this worker");
        }
        JobLifecycle.Ticket ticket = lifecycle.accept(valid.job(), 1, record.topicPartition());
        ticket.settled()
                .thenAccept(
                        settlement -> {
                            if (settlement == JobLifecycle.Settlement.FINISHED) {
                                record.message().ack();
                            }
                        });
        return ticket.run().admitted();
    }

    private CompletionStage<Void> refuse(
            IncomingKafkaRecord record, String jobId, Job job, List<Violation> violations) {
        String first = violations.get(0).message();
        String message =
                violations.size() == 1
                        ? first
                        : first + " (and " + (violations.size() - 1) + " more)";
        CompletionStage<Void> rejected =
                lifecycle.reject(
                        jobId,
                        engineOf(job),
                        clientOf(job),
                        JobEvents.VALIDATION_FAILED,
                        message,
                        violations);
        CompletionStage<Void> deadLettered =
                deadLetters.send(
                        record.metadata(),
                        record.message().getPayload(),
                        jobId,
                        violations.get(0).code().name(),
                        message);
        return pipelined(record, rejected.thenCombine(deadLettered, (a, b) -> null));
    }

    private CompletionStage<Void> deadLetter(
            IncomingKafkaRecord record, String jobId, String code, String reason) {
        return pipelined(
                record,
                deadLetters.send(
                        record.metadata(), record.message().getPayload(), jobId, code, reason));
    }

    /**
     * Acknowledges the record once {@code sent} completes. Returns at once while few refusals are
     * in flight, so a run of bad records does not wait on Kafka one by one.
     */
    private CompletionStage<Void> pipelined(IncomingKafkaRecord record, CompletionStage<?> sent) {
        refusalsInFlight.incrementAndGet();
        CompletableFuture<Void> done =
                sent.<Void>handle(
                                (ignored, failure) -> {
                                    refusalsInFlight.decrementAndGet();
                                    if (failure != null) {
                                        // Not acknowledged: the record is read again after a
                                        // restart.
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
    private record IncomingKafkaRecord(
            Message<byte[]> message, IncomingKafkaRecordMetadata<byte[], byte[]> metadata) {

        @SuppressWarnings("unchecked")
        static IncomingKafkaRecord of(Message<byte[]> message) {
            IncomingKafkaRecordMetadata<byte[], byte[]> metadata =
                    message.getMetadata(IncomingKafkaRecordMetadata.class)
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "the jobs channel must be a Kafka channel"));
            return new IncomingKafkaRecord(message, metadata);
        }

        String jobId(String documentId) {
            return JobIds.resolve(
                    documentId, metadata.getKey(), metadata.getTopic(), partition(), offset());
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
