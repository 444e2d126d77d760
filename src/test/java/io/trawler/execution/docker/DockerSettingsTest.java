package io.trawler.execution.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Capability;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;
import io.trawler.config.TrawlerConfig;
import io.trawler.config.TrawlerConfig.Docker.PullPolicy;
import io.trawler.execution.storage.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerSettingsTest {

    /** The settings as Quarkus reads them, from system properties and the given ones. */
    private static TrawlerConfig config(Map<String, String> properties) {
        SmallRyeConfig config =
                new SmallRyeConfigBuilder()
                        .addDefaultInterceptors()
                        .withMapping(TrawlerConfig.class)
                        .withConverter(Duration.class, 200, new DurationConverter())
                        .withSources(new SysPropConfigSource())
                        .withSources(new PropertiesConfigSource(properties, "test", 500))
                        .build();
        return config.getConfigMapping(TrawlerConfig.class);
    }

    @Test
    void appliesTheIsolationDefaultsWhenNothingIsSet() {
        DockerSettings settings = DockerSettings.from(config(Map.of()));

        assertThat(settings.pullPolicy()).isEqualTo(PullPolicy.IF_NOT_PRESENT);
        assertThat(settings.stopGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.pidsLimit()).isEqualTo(256);
        assertThat(settings.capAdd()).isEmpty();
        assertThat(settings.tmpBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(settings.logMaxBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(settings.user()).isEmpty();
        assertThat(settings.allowNetworkedJobs()).isFalse();
    }

    @Test
    void takesTheEngineAddressFromDockerHostUnlessTheSettingIsGiven() {
        assertThat(DockerSettings.from(config(Map.of("DOCKER_HOST", "tcp://engine:2375"))).host())
                .isEqualTo("tcp://engine:2375");
        assertThat(
                        DockerSettings.from(
                                        config(
                                                Map.of(
                                                        "DOCKER_HOST", "tcp://engine:2375",
                                                        "trawler.docker.host",
                                                                "unix:///run/d.sock")))
                                .host())
                .isEqualTo("unix:///run/d.sock");
    }

    @Test
    void readsTheOperatorsSettings() {
        DockerSettings settings =
                DockerSettings.from(
                        config(
                                Map.of(
                                        "trawler.docker.pull-policy", "never",
                                        "trawler.docker.stop-grace", "2500ms",
                                        "trawler.docker.cap-add", "CHOWN,cap_setuid",
                                        "trawler.docker.tmp-size", "8Mi",
                                        "trawler.docker.user", "1000:1000",
                                        "trawler.validation.allow-networked-jobs", "true",
                                        "trawler.execution.gpus", "2")));

        assertThat(settings.pullPolicy()).isEqualTo(PullPolicy.NEVER);
        assertThat(settings.stopGrace()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.capAdd()).containsExactly(Capability.CHOWN, Capability.SETUID);
        assertThat(settings.tmpBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(settings.user()).isEqualTo(Optional.of("1000:1000"));
        assertThat(settings.allowNetworkedJobs()).isTrue();
        assertThat(settings.gpus()).isEqualTo(2);
    }

    @Test
    void readsTheStorageSettingsWithTheValidationDirectoriesAndInlineLimit() {
        StorageSettings settings =
                StorageSettings.from(
                        config(
                                Map.of(
                                        "trawler.execution.work-root", "/var/lib/trawler/work",
                                        "trawler.validation.allowed-local-directories",
                                                "/data,/srv/shared/",
                                        "trawler.validation.max-inline-bytes", "2097152",
                                        "trawler.publishers.local-directory",
                                                "/var/lib/trawler/results")));

        assertThat(settings.workRoot()).isEqualTo(Path.of("/var/lib/trawler/work"));
        assertThat(settings.allowedLocalDirectories())
                .containsExactly(Path.of("/data"), Path.of("/srv/shared"));
        assertThat(settings.maxInlineBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(settings.urlDownloadEnabled()).isTrue();
        assertThat(settings.maxDownloadBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(settings.localPublisherRoot()).isEqualTo(Path.of("/var/lib/trawler/results"));
        assertThat(List.of(settings.downloadTimeout())).containsExactly(Duration.ofMinutes(5));
    }
}
