package io.trawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trawler.lifecycle.JobState;
import io.trawler.testing.FreshTopics;
import io.trawler.testing.KafkaBroker;
import io.trawler.testing.Schemas;
import io.trawler.testing.TopicClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Docker and wasm jobs from the jobs topic to their terminal events, on a real broker and the
 * machine's real Docker engine, with the sample documents a producer would send.
 */
@QuarkusTest
@TestProfile(ExecutorJourneyIT.LocalResults.class)
@WithTestResource(KafkaBroker.class)
class ExecutorJourneyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Path SAMPLES = Path.of("src", "samples");

    /** Fresh topics, and published results in a directory of the build's own. */
    public static class LocalResults extends FreshTopics {
        @Override
        protected Map<String, String> extraConfig() {
            return Map.of(
                    "trawler.publishers.local-directory",
                    Path.of("target", "journey-results").toAbsolutePath().toString());
        }
    }

    @ConfigProperty(name = "mp.messaging.incoming.jobs.topic")
    String jobsTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.job-status.topic")
    String statusTopic;

    @ConfigProperty(name = "mp.messaging.incoming.job-control.topic")
    String controlTopic;

    private TopicClient kafka;
    private TopicClient.Reader status;

    @BeforeEach
    void connect() {
        kafka = new TopicClient(KafkaBroker.bootstrapServers());
        status = kafka.read(statusTopic);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void runsTheSampleDockerJobAndPublishesItsOutput() throws IOException {
        ObjectNode job = sample("docker-job.json");
        String jobId = rename(job);

        kafka.send(jobsTopic, jobId, job.toString());

        JsonNode completed = awaitTerminal(jobId);
        assertThat(completed.path("state").asText()).isEqualTo("Completed");
        assertThat(completed.path("engine").asText()).isEqualTo("docker");
        assertThat(completed.path("result").path("stdout").asText())
                .isEqualTo("hello from an inline input\n");
        JsonNode output = completed.path("result").path("outputs").get(0);
        assertThat(output.path("name").asText()).isEqualTo("outputs");
        assertThat(output.path("fileCount").asInt()).isEqualTo(1);
        Path published = Path.of(URI.create(output.path("location").asText()));
        assertThat(published.resolve("greeting.txt")).hasContent("hello from trawler");
        assertThat(Schemas.JOB_EVENT.violations(completed)).isEmpty();
    }

    @Test
    void runsTheSampleDockerJobInTheDeprecatedForm() throws IOException {
        ObjectNode job = sample("docker-job-deprecated-form.json");
        String jobId = rename(job);

        kafka.send(jobsTopic, jobId, job.toString());

        JsonNode completed = awaitTerminal(jobId);
        assertThat(completed.path("state").asText()).isEqualTo("Completed");
        assertThat(completed.path("result").path("stdout").asText())
                .isEqualTo("hello from the deprecated form\n");
    }

    @Test
    void runsTheSampleWasmJobWithItsInlineModule() throws IOException {
        ObjectNode job = sample("wasm-inline-job.json");
        String jobId = rename(job);

        kafka.send(jobsTopic, jobId, job.toString());

        JsonNode completed = awaitTerminal(jobId);
        assertThat(completed.path("state").asText()).isEqualTo("Completed");
        assertThat(completed.path("engine").asText()).isEqualTo("wasm");
        assertThat(completed.path("result").path("stdout").asText()).isEqualTo("hello from wasm\n");
    }

    @Test
    void failsADockerJobThatExitsNonZeroWithItsExitCode() throws IOException {
        ObjectNode job = sample("docker-job-deprecated-form.json");
        String jobId = rename(job);
        ObjectNode docker = (ObjectNode) job.path("Spec").path("Docker");
        docker.set("Entrypoint", JSON.valueToTree(List.of("/bin/sh", "-c")));
        docker.set("Parameters", JSON.valueToTree(List.of("echo oops >&2; exit 7")));

        kafka.send(jobsTopic, jobId, job.toString());

        JsonNode failed = awaitTerminal(jobId);
        assertThat(failed.path("state").asText()).isEqualTo("Failed");
        assertThat(failed.path("reason").path("code").asText()).isEqualTo("NON_ZERO_EXIT");
        assertThat(failed.path("result").path("exitCode").asInt()).isEqualTo(7);
        assertThat(failed.path("result").path("stderr").asText()).isEqualTo("oops\n");
    }

    @Test
    void timesOutADockerJobThatRunsLongerThanItsTimeout() throws IOException {
        ObjectNode job = sleepingDockerJob(60);
        String jobId = rename(job);
        ((ObjectNode) job.path("Spec")).put("Timeout", 2);

        kafka.send(jobsTopic, jobId, job.toString());

        JsonNode timedOut = awaitTerminal(jobId);
        assertThat(timedOut.path("state").asText()).isEqualTo("TimedOut");
        assertThat(timedOut.path("result").path("runMillis").asLong()).isBetween(2_000L, 30_000L);
    }

    @Test
    void cancelsARunningDockerJobOnRequest() throws IOException {
        ObjectNode job = sleepingDockerJob(120);
        String jobId = rename(job);
        kafka.send(jobsTopic, jobId, job.toString());
        awaitState(jobId, "Running");

        kafka.send(
                controlTopic,
                jobId,
                "{\"ClientID\":\"sample-client\",\"JobID\":\""
                        + jobId
                        + "\",\"Reason\":\"enough\"}");

        JsonNode cancelled = awaitTerminal(jobId);
        assertThat(cancelled.path("state").asText()).isEqualTo("Cancelled");
        assertThat(cancelled.path("reason").path("message").asText()).isEqualTo("enough");
        assertThat(cancelled.path("result").path("runMillis").asLong()).isLessThan(60_000L);
    }

    @Test
    void cancelsARunningWasmJobOnRequest() throws IOException {
        ObjectNode job = sample("wasm-inline-job.json");
        String jobId = rename(job);
        byte[] loop = Files.readAllBytes(Path.of("src", "test", "resources", "wasm", "loop.wasm"));
        ((ObjectNode) job.path("Spec").path("EngineSpec").path("Params").path("EntryModule"))
                .put(
                        "URL",
                        "data:application/wasm;base64," + Base64.getEncoder().encodeToString(loop));
        kafka.send(jobsTopic, jobId, job.toString());
        awaitState(jobId, "Running");

        kafka.send(
                controlTopic,
                jobId,
                "{\"ClientID\":\"sample-client\",\"JobID\":\"" + jobId + "\"}");

        assertThat(awaitTerminal(jobId).path("state").asText()).isEqualTo("Cancelled");
    }

    private ObjectNode sleepingDockerJob(int seconds) throws IOException {
        ObjectNode job = sample("docker-job-deprecated-form.json");
        ObjectNode docker = (ObjectNode) job.path("Spec").path("Docker");
        docker.set("Entrypoint", JSON.valueToTree(List.of("/bin/sleep")));
        docker.set("Parameters", JSON.valueToTree(List.of(Integer.toString(seconds))));
        return job;
    }

    private JsonNode awaitTerminal(String jobId) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> events(jobId).stream().anyMatch(ExecutorJourneyIT::terminal));
        return events(jobId).stream().filter(ExecutorJourneyIT::terminal).findFirst().orElseThrow();
    }

    private void awaitState(String jobId, String state) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                events(jobId).stream()
                                        .anyMatch(e -> e.path("state").asText().equals(state)));
    }

    private List<JsonNode> events(String jobId) {
        return status.withKey(jobId).stream().map(ExecutorJourneyIT::parse).toList();
    }

    private static boolean terminal(JsonNode event) {
        return JobState.fromWireName(event.path("state").asText())
                .map(JobState::terminal)
                .orElse(false);
    }

    private static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) JSON.readTree(SAMPLES.resolve(name).toFile());
    }

    /** Gives a sample job an ID of its own, so every test run's jobs are new. */
    private static String rename(ObjectNode job) {
        String jobId = "executor-" + UUID.randomUUID();
        ((ObjectNode) job.path("Metadata")).put("ID", jobId);
        return jobId;
    }

    private static JsonNode parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
