package io.trawler;

import static io.trawler.testing.TopicClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trawler.intake.PendingCancels;
import io.trawler.testing.FreshTopics;
import io.trawler.testing.KafkaBroker;
import io.trawler.testing.Schemas;
import io.trawler.testing.TopicClient;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job's journey from the jobs topic to the status topic, through a real broker, with plain Kafka
 * clients on the outside as producers and dashboards use them.
 */
@QuarkusTest
@TestProfile(FreshTopics.class)
@WithTestResource(KafkaBroker.class)
class JobJourneyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @ConfigProperty(name = "mp.messaging.incoming.jobs.topic")
    String jobsTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.job-status.topic")
    String statusTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.jobs-dlq.topic")
    String dlqTopic;

    @ConfigProperty(name = "mp.messaging.incoming.job-control.topic")
    String controlTopic;

    @ConfigProperty(name = "mp.messaging.incoming.jobs.group.id")
    String group;

    @Inject PendingCancels pendingCancels;

    private TopicClient kafka;
    private TopicClient.Reader status;
    private TopicClient.Reader dlq;

    @BeforeEach
    void connect() {
        kafka = new TopicClient(KafkaBroker.bootstrapServers());
        status = kafka.read(statusTopic);
        dlq = kafka.read(dlqTopic);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void publishesAcceptedRunningThenCompletedForANoopJob() throws IOException {
        String jobId = newJobId();

        kafka.send(jobsTopic, jobId, noopJob(jobId));

        List<JsonNode> events = awaitStates(jobId, "Accepted", "Running", "Completed");
        JsonNode completed = events.get(2);
        assertThat(events)
                .extracting(e -> e.get("executionId").asText())
                .containsOnly(events.get(0).get("executionId").asText());
        assertThat(events).allSatisfy(e -> assertThat(e.get("attempt").asInt()).isEqualTo(1));
        assertThat(completed.get("engine").asText()).isEqualTo("noop");
        assertThat(completed.get("clientId").asText()).isEqualTo("journey-client");
        assertThat(completed.path("result").path("exitCode").asInt()).isZero();
        assertThat(completed.path("result").path("stdoutTruncated").asBoolean()).isFalse();
    }

    @Test
    void everyEventIsKeyedByJobIdWithCloudEventsHeadersAndMatchesTheEventSchema()
            throws IOException {
        String jobId = newJobId();

        kafka.send(jobsTopic, jobId, noopJob(jobId));

        awaitStates(jobId, "Accepted", "Running", "Completed");
        for (ConsumerRecord<byte[], byte[]> record : status.withKey(jobId)) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(Schemas.JOB_EVENT.violations(event)).isEmpty();
            assertThat(header(record, "ce_specversion")).contains("1.0");
            assertThat(header(record, "ce_id")).isPresent();
            assertThat(header(record, "ce_source"))
                    .hasValueSatisfying(
                            source ->
                                    assertThat(source).startsWith("/trawler/workers/test-worker-"));
            assertThat(header(record, "ce_type"))
                    .contains("io.trawler.job." + event.get("state").asText().toLowerCase());
            assertThat(header(record, "ce_subject")).contains(jobId);
            assertThat(header(record, "ce_time")).contains(event.get("time").asText());
            assertThat(header(record, "content-type")).contains("application/json");
        }
    }

    @Test
    void deadLettersAnUndecodableRecordAndStillCompletesTheJobBehindIt() throws IOException {
        String brokenKey = newJobId();
        String nextJob = newJobId();
        byte[] garbage = {'{', '"', 'A', (byte) 0xC3, (byte) 0x28, '}'};

        RecordMetadata sent =
                kafka.send(
                        jobsTopic,
                        brokenKey,
                        garbage,
                        new RecordHeader("producer-trace", "abc".getBytes(StandardCharsets.UTF_8)));
        kafka.send(jobsTopic, nextJob, noopJob(nextJob));

        awaitStates(nextJob, "Accepted", "Running", "Completed");
        ConsumerRecord<byte[], byte[]> dead = awaitOne(dlq, brokenKey);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, "producer-trace")).contains("abc");
        assertThat(header(dead, "dead-letter-reason-code")).isPresent();
        assertThat(header(dead, "dead-letter-reason"))
                .hasValueSatisfying(reason -> assertThat(reason).containsIgnoringCase("UTF-8"));
        assertThat(header(dead, "dead-letter-topic")).contains(jobsTopic);
        assertThat(header(dead, "dead-letter-partition"))
                .contains(Integer.toString(sent.partition()));
        assertThat(header(dead, "dead-letter-offset")).contains(Long.toString(sent.offset()));
        assertThat(header(dead, "dead-letter-time")).isPresent();
        assertThat(awaitStates(brokenKey, "Rejected").get(0).path("violations")).isNotEmpty();
    }

    @Test
    void rejectsAnInvalidJobWithEveryViolationAndNeverRunsIt() throws IOException {
        String jobId = newJobId();
        ObjectNode job = (ObjectNode) JSON.readTree(noopJob(jobId));
        job.put("APIVersion", "V9");
        ((ObjectNode) job.path("Spec").path("Resources")).put("CPU", "abc");
        ((ObjectNode) job.path("Spec").path("Resources")).put("Memory", "1e99");

        kafka.send(jobsTopic, jobId, JSON.writeValueAsString(job));

        JsonNode rejected = awaitStates(jobId, "Rejected").get(0);
        assertThat(rejected.path("violations"))
                .extracting(v -> v.get("path").asText())
                .contains("$.APIVersion", "$.Spec.Resources.CPU", "$.Spec.Resources.Memory");
        assertThat(Schemas.JOB_EVENT.violations(rejected)).isEmpty();
        assertThat(awaitOne(dlq, jobId).value()).isEqualTo(JSON.writeValueAsBytes(job));
        assertThat(states(jobId)).containsExactly("Rejected");
    }

    @Test
    void namesAJobWithoutIdOrKeyAfterItsRecord() throws IOException {
        ObjectNode job = (ObjectNode) JSON.readTree(noopJob("unused"));
        ((ObjectNode) job.path("Metadata")).remove("ID");

        RecordMetadata sent = kafka.send(jobsTopic, null, JSON.writeValueAsString(job));

        String derived = jobsTopic + "-" + sent.partition() + "-" + sent.offset();
        assertThat(awaitStates(derived, "Accepted", "Running", "Completed")).hasSize(3);
    }

    @Test
    void neverRunsAJobAgainOnceItEnded() throws IOException {
        String jobId = newJobId();
        kafka.send(jobsTopic, jobId, noopJob(jobId));
        awaitStates(jobId, "Accepted", "Running", "Completed");

        kafka.send(jobsTopic, jobId, noopJob(jobId));

        ConsumerRecord<byte[], byte[]> duplicate = awaitOne(dlq, jobId);
        assertThat(header(duplicate, "dead-letter-reason-code")).contains("DUPLICATE_JOB");
        assertThat(states(jobId)).containsExactly("Accepted", "Running", "Completed");
    }

    @Test
    void cancelsAJobWhoseCancelRequestArrivedFirst() throws IOException {
        String jobId = newJobId();
        kafka.send(
                controlTopic,
                jobId,
                "{\"ClientID\": \"journey-client\", \"JobID\": \""
                        + jobId
                        + "\", \"Reason\": \"changed my mind\"}");
        awaitCancelSeen(jobId);

        kafka.send(jobsTopic, jobId, noopJob(jobId));

        JsonNode cancelled = awaitStates(jobId, "Accepted", "Cancelled").get(1);
        assertThat(cancelled.path("reason").path("message").asText()).isEqualTo("changed my mind");
        assertThat(states(jobId)).doesNotContain("Running");
    }

    @Test
    void commitsAJobsOffsetOnceItsTerminalEventIsOnTheStatusTopic() throws Exception {
        String jobId = newJobId();

        RecordMetadata sent = kafka.send(jobsTopic, jobId, noopJob(jobId));

        awaitStates(jobId, "Accepted", "Running", "Completed");
        TopicPartition partition = new TopicPartition(jobsTopic, sent.partition());
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KafkaBroker.bootstrapServers()))) {
            await().atMost(PATIENCE)
                    .untilAsserted(
                            () -> {
                                Map<TopicPartition, OffsetAndMetadata> committed =
                                        admin.listConsumerGroupOffsets(group)
                                                .partitionsToOffsetAndMetadata()
                                                .get();
                                assertThat(committed.get(partition)).isNotNull();
                                assertThat(committed.get(partition).offset())
                                        .isGreaterThan(sent.offset());
                            });
        }
    }

    private void awaitCancelSeen(String jobId) {
        // The worker reads the control topic on its own; the job must come after the request.
        await().atMost(PATIENCE).until(() -> pendingCancels.remembers(jobId));
    }

    private List<JsonNode> awaitStates(String jobId, String... expected) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(states(jobId)).containsSubsequence(expected));
        return events(jobId).stream()
                .filter(e -> List.of(expected).contains(e.get("state").asText()))
                .toList();
    }

    private List<String> states(String jobId) {
        return events(jobId).stream().map(e -> e.get("state").asText()).toList();
    }

    private List<JsonNode> events(String jobId) {
        return status.withKey(jobId).stream().map(JobJourneyIT::parse).toList();
    }

    private static ConsumerRecord<byte[], byte[]> awaitOne(TopicClient.Reader reader, String key) {
        await().atMost(PATIENCE).until(() -> !reader.withKey(key).isEmpty());
        return reader.withKey(key).get(0);
    }

    private static JsonNode parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException("a status record is not JSON", e);
        }
    }

    private static String newJobId() {
        return "journey-" + UUID.randomUUID();
    }

    private static String noopJob(String jobId) throws IOException {
        String sample = Files.readString(Path.of("src", "samples", "noop-job.json"));
        ObjectNode job = (ObjectNode) JSON.readTree(sample);
        ((ObjectNode) job.path("Metadata")).put("ID", jobId);
        ((ObjectNode) job.path("Metadata")).put("ClientID", "journey-client");
        return JSON.writeValueAsString(job);
    }
}
