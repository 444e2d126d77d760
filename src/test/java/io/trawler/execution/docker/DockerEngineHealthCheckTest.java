package io.trawler.execution.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEngineHealthCheckTest {

    @TempDir Path temp;

    @Test
    void isDownWithTheErrorWhenTheEngineCannotBeReached() {
        try (DockerEngine absent =
                new DockerEngine(
                        "unix://" + temp.resolve("none.sock"), "1.41", Duration.ofSeconds(1))) {

            HealthCheckResponse response = new DockerEngineHealthCheck(absent, true).call();

            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow())
                    .containsEntry("host", "unix://" + temp.resolve("none.sock"))
                    .containsKey("error");
        }
    }

    @Test
    void isUpWithoutAskingTheEngineWhenDockerIsNotEnabled() {
        try (DockerEngine absent =
                new DockerEngine(
                        "unix://" + temp.resolve("none.sock"), "1.41", Duration.ofSeconds(1))) {

            HealthCheckResponse response = new DockerEngineHealthCheck(absent, false).call();

            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getData().orElseThrow()).containsEntry("enabled", false);
        }
    }
}
