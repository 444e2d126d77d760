package io.trawler.benchmark;

import io.trawler.lifecycle.CloudEventHeaders;
import io.trawler.lifecycle.EventJson;
import io.trawler.lifecycle.JobEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The benchmark's baseline, run as a process of its own like the worker it is compared with: a
 * plain kafka-clients loop that consumes job records, produces three status records for each
 * (Accepted, Running, Completed) with acks=all and an idempotent producer, and commits the offsets
 * of the records whose status records were acknowledged, once a second as the worker does. It keeps
 * reading while earlier jobs' records are in flight, up to a bound, as the worker does too.
 *
 * <p>In its full form it does the Kafka I/O the worker does: its records have the size and the
 * headers of the worker's events, built from the worker's own encoding of a noop job once and then
 * filled in with each job's ID, and a second consumer reads the status topic back from its
 * beginning, as the worker's job history does. The minimal form writes 60-byte records without
 * headers and reads nothing back; it shows what the worker's contract costs in Kafka.
 *
 * <p>Arguments: bootstrap servers, jobs topic, status topic, a name (its consumer group, and the
 * worker ID in its records), and {@code full} or {@code minimal}. It runs until it is sent SIGTERM.
 */
public final class BaselineLoop {

    /** Poll batches of 100 jobs the loop may have in flight; the worker holds up to 1024. */
    private static final int MAX_UNACKNOWLEDGED_BATCHES = 10;

    /**
     * How often acknowledged offsets are committed: the worker's interval. A commit after every
     * poll would send the group coordinator hundreds of requests a second that the worker does not.
     */
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final String bootstrap;
    private final String jobsTopic;
    private final String statusTopic;
    private final String group;
    private final AtomicBoolean running = new AtomicBoolean(true);

    private BaselineLoop(String bootstrap, String jobsTopic, String statusTopic, String group) {
        this.bootstrap = bootstrap;
        this.jobsTopic = jobsTopic;
        this.statusTopic = statusTopic;
        this.group = group;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5 || !List.of("full", "minimal").contains(args[4])) {
            throw new IllegalArgumentException(
                    "arguments: bootstrap jobs-topic status-topic name full|minimal");
        }
        BaselineLoop loop = new BaselineLoop(args[0], args[1], args[2], args[3]);
        boolean full = args[4].equals("full");
        WorkerShapedEvents events = full ? new WorkerShapedEvents(args[2], args[3]) : null;

        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> loop.run(events), "baseline-loop"));
        if (full) {
            threads.add(new Thread(loop::readBack, "baseline-read-back"));
        }
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    loop.running.set(false);
                                    for (Thread thread : threads) {
                                        join(thread);
                                    }
                                },
                                "baseline-stop"));
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(WorkerShapedEvents events) {
        try {
            loop(events);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop(WorkerShapedEvents events) throws InterruptedException {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                consumerProps,
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                producerProps,
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
            consumer.subscribe(List.of(jobsTopic));
            Deque<Batch> unacknowledged = new ArrayDeque<>();
            Map<TopicPartition, OffsetAndMetadata> acknowledged = new HashMap<>();
            long nextCommit = System.nanoTime() + COMMIT_INTERVAL_NANOS;
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records =
                        consumer.poll(Duration.ofMillis(unacknowledged.isEmpty() ? 50 : 1));
                if (!records.isEmpty()) {
                    Batch batch = new Batch(records);
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        for (String state : WorkerShapedEvents.STATES) {
                            producer.send(
                                    events == null
                                            ? new ProducerRecord<>(
                                                    statusTopic,
                                                    record.key(),
                                                    minimalEvent(record, state))
                                            : events.record(record.key(), state),
                                    batch);
                        }
                    }
                    unacknowledged.add(batch);
                }
                // Held jobs are bounded, as the worker's are: at the bound, wait for the oldest.
                while (unacknowledged.size() >= MAX_UNACKNOWLEDGED_BATCHES) {
                    unacknowledged.peek().await();
                    takeAcknowledged(unacknowledged, acknowledged);
                }
                takeAcknowledged(unacknowledged, acknowledged);
                if (System.nanoTime() - nextCommit >= 0 && !acknowledged.isEmpty()) {
                    consumer.commitAsync(new HashMap<>(acknowledged), null);
                    acknowledged.clear();
                    nextCommit = System.nanoTime() + COMMIT_INTERVAL_NANOS;
                }
            }
        }
    }

    /** Moves the offsets after the oldest batches whose records were all acknowledged. */
    private static void takeAcknowledged(
            Deque<Batch> unacknowledged, Map<TopicPartition, OffsetAndMetadata> acknowledged) {
        while (!unacknowledged.isEmpty() && unacknowledged.peek().acknowledged()) {
            acknowledged.putAll(unacknowledged.poll().offsets);
        }
    }

    /** Reads every status record, with the fetch settings of the worker's job history. */
    private void readBack() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(statusTopic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            while (running.get()) {
                // Records are decoded, headers included, inside poll; what the worker then does
                // with them is the worker's own cost.
                consumer.poll(Duration.ofMillis(200));
            }
        }
    }

    private static byte[] minimalEvent(ConsumerRecord<byte[], byte[]> record, String state) {
        String jobId = new String(record.key(), StandardCharsets.UTF_8);
        return ("{\"jobId\":\"" + jobId + "\",\"state\":\"" + state + "\",\"attempt\":1}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** One poll's jobs: their status records in flight and where they end. */
    private static final class Batch implements Callback {

        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        private final CountDownLatch pending;
        private volatile Exception failure;

        Batch(ConsumerRecords<byte[], byte[]> records) {
            pending = new CountDownLatch(records.count() * WorkerShapedEvents.STATES.length);
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
                long last = inPartition.get(inPartition.size() - 1).offset();
                offsets.put(partition, new OffsetAndMetadata(last + 1));
            }
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                failure = exception;
            }
            pending.countDown();
        }

        boolean acknowledged() {
            if (failure != null) {
                throw new IllegalStateException("the baseline's status record failed", failure);
            }
            return pending.getCount() == 0;
        }

        void await() throws InterruptedException {
            pending.await();
        }
    }

    /**
     * Status records as the worker writes them for a noop job: its JSON encoding and CloudEvents
     * headers, made once per state around a placeholder for the job ID (the headers' event ID and
     * subject are replaced per record), so that the loop pays for the bytes and not the encoding.
     */
    private static final class WorkerShapedEvents {

        static final String[] STATES = {"Accepted", "Running", "Completed"};
        private static final String PLACEHOLDER = "@JOB@";

        private final String topic;
        private final Map<String, byte[][]> valueParts = new HashMap<>();
        private final Map<String, Header[]> headerTemplates = new HashMap<>();
        private long sequence;

        WorkerShapedEvents(String topic, String workerId) {
            this.topic = topic;
            Instant now = Instant.now();
            CloudEventHeaders headers = new CloudEventHeaders(workerId);
            JobEvent.Result result = new JobEvent.Result(0, "", false, "", false, List.of(), 0, 0);
            for (String state : STATES) {
                JobEvent event =
                        new JobEvent(
                                PLACEHOLDER,
                                state,
                                1,
                                UUID.randomUUID().toString(),
                                workerId,
                                now,
                                "noop",
                                "benchmark",
                                null,
                                null,
                                state.equals("Completed") ? result : null);
                headerTemplates.put(state, headers.of(event).toArray());
                String json = new String(EventJson.write(event), StandardCharsets.UTF_8);
                int at = json.indexOf(PLACEHOLDER);
                valueParts.put(
                        state,
                        new byte[][] {
                            json.substring(0, at).getBytes(StandardCharsets.UTF_8),
                            json.substring(at + PLACEHOLDER.length())
                                    .getBytes(StandardCharsets.UTF_8)
                        });
            }
        }

        ProducerRecord<byte[], byte[]> record(byte[] jobId, String state) {
            byte[][] parts = valueParts.get(state);
            byte[] value = new byte[parts[0].length + jobId.length + parts[1].length];
            System.arraycopy(parts[0], 0, value, 0, parts[0].length);
            System.arraycopy(jobId, 0, value, parts[0].length, jobId.length);
            System.arraycopy(parts[1], 0, value, parts[0].length + jobId.length, parts[1].length);
            RecordHeaders headers = new RecordHeaders();
            for (Header header : headerTemplates.get(state)) {
                switch (header.key()) {
                    case "ce_id" ->
                            headers.add(
                                    "ce_id",
                                    String.format(Locale.ROOT, "%036d", ++sequence)
                                            .getBytes(StandardCharsets.US_ASCII));
                    case "ce_subject" -> headers.add("ce_subject", jobId);
                    default -> headers.add(header);
                }
            }
            return new ProducerRecord<>(topic, null, jobId, value, headers);
        }
    }
}
