package io.trawler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class JobHistoryHealthCheckTest {

    @Test
    void isUpWithTheNumberOfKnownJobsWhileTheHistoryIsRead() {
        JobHistory history = new JobHistory(Map.of(), "job-status");
        history.observe("job-1", JobState.ACCEPTED, 1);
        history.observe("job-2", JobState.COMPLETED, 1);
        history.observe("job-2", JobState.COMPLETED, 1);

        HealthCheckResponse response = new JobHistoryHealthCheck(history).call();

        assertThat(response.getName()).isEqualTo("job-history");
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData()).contains(Map.of("jobs", 2L));
    }

    @Test
    void isDownOnceTheHistoryCannotBeReadAnyMore() {
        // A bootstrap address without a port is refused when the reader creates its consumer,
        // which ends the reader for good, as any fault that is not worth a retry does.
        JobHistory history =
                new JobHistory(Map.of("bootstrap.servers", "no-port-given"), "job-status");
        history.observe("job-1", JobState.RUNNING, 1);

        history.start(new StartupEvent());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !history.reading());
            HealthCheckResponse response = new JobHistoryHealthCheck(history).call();

            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData()).contains(Map.of("jobs", 1L));
        } finally {
            history.stop(new ShutdownEvent());
        }
    }
}
