package io.trawler.intake;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.trawler.config.WorkerIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends refused records to the dead-letter topic unchanged (key, value and headers), with headers
 * that say why they were refused and where they came from.
 */
@Singleton
public class DeadLetterPublisher {

    /** The stable code of the refusal, for example {@code MALFORMED_DOCUMENT}. */
    public static final String REASON_CODE = "dead-letter-reason-code";

    /** The refusal in words. */
    public static final String REASON = "dead-letter-reason";

    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    /** When the record was refused, RFC 3339. */
    public static final String TIME = "dead-letter-time";

    public static final String WORKER = "dead-letter-worker";

    /** The job ID the record was given, where one could be told. */
    public static final String JOB_ID = "dead-letter-job-id";

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final String workerId;

    @Inject
    @Channel("jobs-dlq")
    MutinyEmitter<byte[]> emitter;

    DeadLetterPublisher(WorkerIdentity identity) {
        this.workerId = identity.workerId();
    }

    /** Sends the record; the stage completes when Kafka acknowledged it. */
    public CompletionStage<Void> send(
            IncomingKafkaRecordMetadata<byte[], byte[]> record,
            byte[] value,
            String jobId,
            String code,
            String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.getHeaders()) {
            headers.add(header);
        }
        add(headers, REASON_CODE, code);
        add(headers, REASON, reason);
        add(headers, TOPIC, record.getTopic());
        add(headers, PARTITION, Integer.toString(record.getPartition()));
        add(headers, OFFSET, Long.toString(record.getOffset()));
        add(headers, TIME, Instant.now().toString());
        add(headers, WORKER, workerId);
        add(headers, JOB_ID, jobId);

        OutgoingKafkaRecordMetadata<byte[]> metadata =
                OutgoingKafkaRecordMetadata.<byte[]>builder()
                        .withKey(record.getKey())
                        .withHeaders(headers)
                        .build();
        LOG.debugf(
                "dead-lettering jobId=%s code=%s partition=%d offset=%d",
                jobId, code, record.getPartition(), record.getOffset());
        // Message.of(null) is not allowed, so a tombstone-like empty value travels as zero bytes.
        byte[] payload = value == null ? new byte[0] : value;
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata))
                .subscribeAsCompletionStage();
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
