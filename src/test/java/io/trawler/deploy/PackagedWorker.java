package io.trawler.deploy;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trawler.testing.FreshTopics;
import io.trawler.testing.KafkaBroker;
import io.trawler.testing.TopicClient;
import io.trawler.testing.WorkerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The packaged worker as an operator runs it, started against the shared test broker with topics
 * and a consumer group no other test uses, together with plain clients of those topics.
 */
final class PackagedWorker implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NOOP_SAMPLE = Path.of("src", "samples", "noop-job.json");

    private final WorkerProcess process;
    private final Map<String, String> settings;
    private final TopicClient kafka;
    private final TopicClient.Reader status;
    private final TopicClient.Reader deadLetters;

    private PackagedWorker(WorkerProcess process, Map<String, String> settings, TopicClient kafka) {
        this.process = process;
        this.settings = settings;
        this.kafka = kafka;
        this.status = kafka.read(statusTopic());
        this.deadLetters = kafka.read(setting("mp.messaging.outgoing.jobs-dlq.topic"));
    }

    /** Starts a worker with fresh topics and these extra settings, and waits until it is ready. */
    static PackagedWorker start(String name, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(new FreshTopics().getConfigOverrides());
        String workerId = settings.remove("trawler.worker.id").replace("test-worker", name);
        settings.put("kafka.bootstrap.servers", KafkaBroker.bootstrapServers());
        settings.putAll(extra);
        TopicClient kafka = new TopicClient(KafkaBroker.bootstrapServers());
        try {
            return new PackagedWorker(WorkerProcess.start(workerId, settings), settings, kafka);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    WorkerProcess process() {
        return process;
    }

    String jobsTopic() {
        return setting("mp.messaging.incoming.jobs.topic");
    }

    String statusTopic() {
        return setting("mp.messaging.outgoing.job-status.topic");
    }

    /** Publishes one record to the worker's jobs topic. */
    void submit(String key, byte[] value) {
        kafka.send(jobsTopic(), key, value);
    }

    /** Waits until the status topic holds an event of the job in each of these states. */
    List<String> awaitStates(String jobId, String... states) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> states(jobId).containsAll(List.of(states)));
        return states(jobId);
    }

    /** Waits until the dead-letter topic holds a record with this key. */
    void awaitDeadLettered(String key) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !deadLetters.withKey(key).isEmpty());
    }

    /** The body of {@code path} on the worker, parsed as JSON. */
    JsonNode getJson(String path) {
        try {
            return JSON.readTree(process.get(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kafka.close();
        process.close();
    }

    /** The sample noop job with its own ID. */
    static byte[] noopJob(String jobId) {
        ObjectNode job = sample();
        ((ObjectNode) job.path("Metadata")).put("ID", jobId);
        return bytes(job);
    }

    /** A job with an API version the contract does not know, which validation refuses. */
    static byte[] invalidJob(String jobId) {
        ObjectNode job = sample();
        ((ObjectNode) job.path("Metadata")).put("ID", jobId);
        job.put("APIVersion", "V9");
        return bytes(job);
    }

    /** A record that is not JSON at all. */
    static byte[] undecodableRecord() {
        return "{\"APIVersion\": V1beta2".getBytes(StandardCharsets.UTF_8);
    }

    static String newJobId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private List<String> states(String jobId) {
        return status.withKey(jobId).stream().map(PackagedWorker::state).toList();
    }

    private String setting(String key) {
        return settings.get(key);
    }

    private static String state(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("state").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("a status record is not JSON", e);
        }
    }

    private static ObjectNode sample() {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(NOOP_SAMPLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode job) {
        try {
            return JSON.writeValueAsBytes(job);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
