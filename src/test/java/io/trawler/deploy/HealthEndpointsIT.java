package io.trawler.deploy;

import static io.trawler.deploy.PackagedWorker.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The health endpoints that the Kubernetes probes call, on the packaged worker running against a
 * real broker.
 */
class HealthEndpointsIT {

    static final String KAFKA_CONNECTION = "Kafka connection health check";
    static final String MESSAGING_READINESS = "SmallRye Reactive Messaging - readiness check";
    static final String MESSAGING_LIVENESS = "SmallRye Reactive Messaging - liveness check";
    static final String MESSAGING_STARTUP = "SmallRye Reactive Messaging - startup check";
    static final List<String> CHANNELS = List.of("jobs", "job-control", "job-status", "jobs-dlq");

    static PackagedWorker worker;

    @BeforeAll
    static void startAWorker() {
        worker = PackagedWorker.start("health-it", Map.of());
    }

    @AfterAll
    static void stopTheWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void answersUpOnTheStartedLiveAndReadyProbes() {
        for (String path : List.of("/q/health/started", "/q/health/live", "/q/health/ready")) {
            JsonNode health = worker.getJson(path);

            assertThat(health.path("status").asText()).as(path + ": " + health).isEqualTo("UP");
            assertThat(health.path("checks")).as(path).isNotEmpty();
            assertThat(health.path("checks"))
                    .as(path)
                    .allSatisfy(check -> assertThat(check.path("status").asText()).isEqualTo("UP"));
        }
    }

    @Test
    void readinessChecksTheBrokerConnectionAndEveryChannel() {
        JsonNode ready = worker.getJson("/q/health/ready");

        assertThat(check(ready, KAFKA_CONNECTION)).isPresent();
        JsonNode channels = check(ready, MESSAGING_READINESS).orElseThrow().path("data");
        for (String channel : CHANNELS) {
            assertThat(channels.path(channel).asText()).as(channel).isEqualTo("[OK]");
        }
    }

    @Test
    void livenessAndStartupCheckEveryChannel() {
        JsonNode live = worker.getJson("/q/health/live");
        JsonNode started = worker.getJson("/q/health/started");

        JsonNode liveChannels = check(live, MESSAGING_LIVENESS).orElseThrow().path("data");
        JsonNode startedChannels = check(started, MESSAGING_STARTUP).orElseThrow().path("data");
        for (String channel : CHANNELS) {
            assertThat(liveChannels.path(channel).asText()).as(channel).isEqualTo("[OK]");
            assertThat(startedChannels.path(channel).asText()).as(channel).isEqualTo("[OK]");
        }
    }

    @Test
    void readinessIncludesTheJobHistoryWithTheJobsItKnows() {
        String jobId = newJobId("health");

        worker.submit(jobId, PackagedWorker.noopJob(jobId));

        worker.awaitStates(jobId, "Completed");
        await().atMost(PackagedWorker.PATIENCE)
                .untilAsserted(
                        () -> {
                            JsonNode history =
                                    check(worker.getJson("/q/health/ready"), "job-history")
                                            .orElseThrow();
                            assertThat(history.path("status").asText()).isEqualTo("UP");
                            assertThat(history.path("data").path("jobs").asLong()).isEqualTo(1);
                        });
    }

    private static Optional<JsonNode> check(JsonNode health, String name) {
        return StreamSupport.stream(health.path("checks").spliterator(), false)
                .filter(check -> check.path("name").asText().equals(name))
                .findFirst();
    }
}
