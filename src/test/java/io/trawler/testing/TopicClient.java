package io.trawler.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain Kafka clients, as a producer or a dashboard would use them: a producer for the jobs and
 * control topics, and readers that collect every record of a topic in the background.
 */
public final class TopicClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Reader> readers = new CopyOnWriteArrayList<>();

    public TopicClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Publishes one record and waits for Kafka's acknowledgement. */
    public RecordMetadata send(String topic, String key, byte[] value, Header... headers) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(
                        topic,
                        null,
                        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                        value,
                        List.of(headers));
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the record was not acknowledged", e);
        }
    }

    /** Hands a record to the producer without waiting for it; {@link #flush} waits for all. */
    public void sendWithoutWaiting(String topic, String key, byte[] value) {
        producer.send(
                new ProducerRecord<>(
                        topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    /** Waits until every record handed to the producer was acknowledged. */
    public void flush() {
        producer.flush();
    }

    public RecordMetadata send(String topic, String key, String value) {
        return send(topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts reading a topic from its beginning; the reader collects every record. */
    public Reader read(String topic) {
        Reader reader = new Reader(bootstrapServers, topic);
        readers.add(reader);
        return reader;
    }

    @Override
    public void close() {
        readers.forEach(Reader::close);
        producer.close(Duration.ofSeconds(5));
    }

    /** Collects the records of one topic, on a thread of its own. */
    public static final class Reader implements AutoCloseable {

        private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Reader(String bootstrapServers, String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            this.consumer =
                    new KafkaConsumer<>(
                            props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            this.thread = new Thread(this::run, "test-reader-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(this::keep);
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        /**
         * Keeps a record once: after a rebalance (a broker restart causes one) the reader starts
         * again from the beginning, and records it has already kept come again.
         */
        private void keep(ConsumerRecord<byte[], byte[]> record) {
            if (seen.add(record.partition() + "@" + record.offset())) {
                records.add(record);
            }
        }

        /** Every record read so far. */
        public List<ConsumerRecord<byte[], byte[]>> records() {
            return List.copyOf(records);
        }

        /** The records with this key, in the order read. */
        public List<ConsumerRecord<byte[], byte[]>> withKey(String key) {
            List<ConsumerRecord<byte[], byte[]>> matching = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.key() != null
                        && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    matching.add(record);
                }
            }
            return matching;
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The value of a header as text, if the record has it. */
    public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** Every header of a record as text. */
    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        for (Header header : record.headers()) {
            all.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return all;
    }
}
