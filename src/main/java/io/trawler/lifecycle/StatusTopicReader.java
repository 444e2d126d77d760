package io.trawler.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the status topic from its beginning, on a thread of its own, and hands every record to a
 * sink. It is no member of a consumer group: every replica reads every partition.
 *
 * <p>It also answers "have you read everything that is there now?": {@link #caughtUp()} takes the
 * topic's end offsets at the moment of the call and completes once the reader's position reached
 * them on every partition.
 */
final class StatusTopicReader {

    private static final Logger LOG = Logger.getLogger(StatusTopicReader.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(20);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(10);

    /** Receives each record: the key (a job ID) and the value, null for a tombstone. */
    interface Sink {
        void accept(String key, byte[] value);
    }

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final Sink sink;
    private final Queue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean alive = true;
    private long lastDiscoveryNanos = System.nanoTime() - DISCOVERY_INTERVAL.toNanos();

    StatusTopicReader(Map<String, Object> kafkaConfig, String topic, Sink sink) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.topic = topic;
        this.sink = sink;
        this.thread = new Thread(this::run, "trawler-status-reader");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean alive() {
        return alive;
    }

    CompletionStage<Void> caughtUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(done);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        return done;
    }

    private void run() {
        LOG.infof("reading job history topic=%s", topic);
        try (KafkaConsumer<String, byte[]> reader = newConsumer()) {
            consumer = reader;
            loop(reader);
        } catch (RuntimeException e) {
            // Without the history the worker cannot tell ended jobs from new ones, so intake
            // stays stopped (no caught-up signal comes) and readiness reports the failure.
            alive = false;
            LOG.errorf(e, "job history cannot be read any more topic=%s", topic);
        } finally {
            consumer = null;
        }
    }

    private void loop(KafkaConsumer<String, byte[]> reader) {
        List<CompletableFuture<Void>> round = new ArrayList<>();
        Map<TopicPartition, Long> target = null;
        while (running) {
            try {
                if (target == null) {
                    drainWaitingInto(round);
                    if (!round.isEmpty()) {
                        assignAll(reader);
                        target = reader.endOffsets(reader.assignment());
                    } else if (discoveryDue()) {
                        assignAll(reader);
                    }
                }

                poll(reader, target == null ? IDLE_POLL : CATCH_UP_POLL);

                if (target != null && reached(reader, target)) {
                    round.forEach(done -> done.complete(null));
                    round.clear();
                    target = null;
                }
            } catch (WakeupException e) {
                // A new waiter or a stop: the next pass looks at both. Waiters already drained
                // stay in the round and get a fresh target.
                target = null;
            } catch (RetriableException e) {
                LOG.warnf("job history read failed, retrying topic=%s cause=%s", topic, e);
                target = null;
                pause();
            }
        }
    }

    private boolean discoveryDue() {
        return System.nanoTime() - lastDiscoveryNanos > DISCOVERY_INTERVAL.toNanos();
    }

    private void drainWaitingInto(List<CompletableFuture<Void>> round) {
        CompletableFuture<Void> next;
        while ((next = waiting.poll()) != null) {
            round.add(next);
        }
    }

    /** Assigns every partition of the topic; partitions added since the last look are read too. */
    private void assignAll(KafkaConsumer<String, byte[]> reader) {
        lastDiscoveryNanos = System.nanoTime();
        List<PartitionInfo> infos = reader.partitionsFor(topic, Duration.ofSeconds(30));
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        if (!reader.assignment().containsAll(partitions)) {
            reader.assign(partitions);
            LOG.debugf("job history reads topic=%s partitions=%d", topic, partitions.size());
        }
    }

    private void poll(KafkaConsumer<String, byte[]> reader, Duration timeout) {
        if (reader.assignment().isEmpty()) {
            // The topic does not exist yet: nothing to read until a waiter looks again.
            if (waiting.isEmpty()) {
                pause();
            }
            return;
        }
        for (ConsumerRecord<String, byte[]> record : reader.poll(timeout)) {
            sink.accept(record.key(), record.value());
        }
    }

    private static boolean reached(
            KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (reader.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.putIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "trawler-status-reader");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // Fewer, larger fetches: under load the reader would otherwise fetch a few events at a
        // time, at a cost to this worker and to the broker that grows with every job. The wait
        // delays what the history learns of other replicas' jobs by at most this much; this
        // worker's own events are in the history as soon as Kafka acknowledges them.
        config.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024);
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
