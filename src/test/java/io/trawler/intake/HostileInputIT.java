package io.trawler.intake;

import static io.trawler.testing.TopicClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trawler.testing.FreshTopics;
import io.trawler.testing.KafkaBroker;
import io.trawler.testing.TopicClient;
import io.trawler.validation.HostileCorpus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile input through the real broker path: every document of the hostile corpus is refused with
 * its expected code, a valid job behind them still completes, and a long run of bad records leaves
 * the worker healthy, its heap bounded and its consumer lag at zero.
 */
@QuarkusTest
@TestProfile(HostileInputIT.SmallRecords.class)
@WithTestResource(KafkaBroker.class)
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final int MAX_RECORD_BYTES = 65_536;

    /** Fresh topics, and a record limit small enough to test without a broker-sized record. */
    public static class SmallRecords extends FreshTopics {
        @Override
        protected Map<String, String> extraConfig() {
            return Map.of("trawler.intake.max-record-bytes", Integer.toString(MAX_RECORD_BYTES));
        }
    }

    @ConfigProperty(name = "mp.messaging.incoming.jobs.topic")
    String jobsTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.job-status.topic")
    String statusTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.jobs-dlq.topic")
    String dlqTopic;

    @ConfigProperty(name = "mp.messaging.incoming.jobs.group.id")
    String group;

    @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081")
    int httpPort;

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
    void refusesEveryHostileDocumentWithItsCodeAndStillCompletesTheJobBehindThem() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<HostileCorpus.Entry> corpus = HostileCorpus.entries();
        for (HostileCorpus.Entry entry : corpus) {
            kafka.send(jobsTopic, key(run, entry), entry.bytes());
        }
        kafka.send(jobsTopic, "oversized-" + run, new byte[MAX_RECORD_BYTES + 1]);
        String valid = "after-hostile-" + run;

        kafka.send(jobsTopic, valid, noopJob(valid));

        awaitState(valid, "Completed");
        for (HostileCorpus.Entry entry : corpus) {
            assertThat(codesFor(key(run, entry)))
                    .as(entry.toString())
                    .contains(entry.expected().name());
        }
        assertThat(codesFor("oversized-" + run)).contains("RECORD_TOO_LARGE");
        assertThat(status.records())
                .map(HostileInputIT::parse)
                .filteredOn(event -> event.path("state").asText().equals("Running"))
                .extracting(event -> event.path("jobId").asText())
                .as("jobs that ran")
                .allMatch(jobId -> jobId.startsWith("after-"));
    }

    @Test
    void tenThousandBadRecordsLeaveTheWorkerHealthyItsHeapBoundedAndItsLagAtZero()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        byte[][] bad = {
            "not json at all".getBytes(StandardCharsets.UTF_8),
            "{\"APIVersion\":\"V1beta2\",\"Spec\":{\"EngineSpec\":{\"Type\":\"noop\"},"
                    .concat("\"Resources\":{\"CPU\":\"abc\"}}}")
                    .getBytes(StandardCharsets.UTF_8),
            {(byte) 0xFF, (byte) 0xFE, 0x00, 0x7B},
            "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8),
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]"
                    .getBytes(StandardCharsets.UTF_8)
        };
        long heapBefore = usedHeapAfterGc();

        for (int n = 0; n < 10_000; n++) {
            kafka.sendWithoutWaiting(jobsTopic, "bad-" + run + "-" + n, bad[n % bad.length]);
        }
        kafka.flush();
        String valid = "after-flood-" + run;
        kafka.send(jobsTopic, valid, noopJob(valid));

        awaitState(valid, "Completed");
        await().atMost(PATIENCE).until(() -> dlq.records().size() >= 10_000);
        assertThat(ready()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(lag()).isZero());
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        assertThat(heapGrowth).as("heap growth in bytes").isLessThan(64L * 1024 * 1024);
    }

    private Set<String> codesFor(String key) {
        await().atMost(PATIENCE).until(() -> !dlq.withKey(key).isEmpty());
        ConsumerRecord<byte[], byte[]> dead = dlq.withKey(key).get(0);
        Set<String> codes = new HashSet<>();
        header(dead, "dead-letter-reason-code").ifPresent(codes::add);
        String jobId = header(dead, "dead-letter-job-id").orElse("");
        if (!jobId.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> event : status.withKey(jobId)) {
                for (JsonNode violation : parse(event).path("violations")) {
                    codes.add(violation.path("code").asText());
                }
            }
        }
        return codes;
    }

    private void awaitState(String jobId, String state) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                status.withKey(jobId).stream()
                                        .map(HostileInputIT::parse)
                                        .anyMatch(e -> e.path("state").asText().equals(state)));
    }

    private long lag() throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KafkaBroker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest =
                    committed.keySet().stream()
                            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get();
            long lag = 0;
            for (var entry : committed.entrySet()) {
                lag += ends.get(entry.getKey()).offset() - entry.getValue().offset();
            }
            return committed.isEmpty() ? Long.MAX_VALUE : lag;
        }
    }

    private int ready() throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + httpPort + "/q/health/ready"))
                        .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int n = 0; n < 3; n++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String key(String run, HostileCorpus.Entry entry) {
        return "hostile-" + run + "-" + entry.fileName();
    }

    private static byte[] noopJob(String jobId) {
        return ("{\"APIVersion\":\"V1beta2\",\"Metadata\":{\"ID\":\""
                        + jobId
                        + "\"},"
                        + "\"Spec\":{\"EngineSpec\":{\"Type\":\"noop\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
