package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import io.trawler.config.TrawlerConfig;
import io.trawler.intake.DecodingLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsDefaultsTest {

    private static TrawlerConfig config(Map<String, String> settings) {
        SmallRyeConfig config =
                new SmallRyeConfigBuilder()
                        .addDefaultSources()
                        // Quarkus reads "30m" as a duration; plain SmallRye needs its converter.
                        .withConverter(Duration.class, 100, new DurationConverter())
                        .withSources(new MapBackedConfigSource("test", settings) {})
                        .withMapping(TrawlerConfig.class)
                        .build();
        return config.getConfigMapping(TrawlerConfig.class);
    }

    @Test
    void theIntakeSettingsDefaultToTheDecodingLimitsDefaults() {
        assertThat(DecodingLimits.of(config(Map.of()).intake()))
                .isEqualTo(DecodingLimits.defaults());
    }

    @Test
    void theValidationSettingsDefaultToThePolicyDefaults() {
        TrawlerConfig.Validation validation = config(Map.of()).validation();

        assertThat(ValidatorProducer.limits(validation)).isEqualTo(SpecLimits.defaults());
        assertThat(ValidatorProducer.images(validation)).isEqualTo(ImagePolicy.anyImage());
        assertThat(StoragePolicy.from(validation)).isEqualTo(StoragePolicy.defaults());
    }

    @Test
    void readsListsOfAllowedImagesAndDirectoriesFromSettings() {
        TrawlerConfig.Validation validation =
                config(
                                Map.of(
                                        "trawler.validation.allowed-images",
                                                "ghcr.io/acme,registry.local:5000",
                                        "trawler.validation.allowed-local-directories",
                                                "/data/in,/data/scratch/"))
                        .validation();

        assertThat(ValidatorProducer.images(validation).allowedRepositories())
                .containsExactly("ghcr.io/acme", "registry.local:5000");
        assertThat(StoragePolicy.from(validation).localDirectories())
                .containsExactly(
                        new StoragePolicy.LocalDirectoryGrant("/data/in"),
                        new StoragePolicy.LocalDirectoryGrant("/data/scratch"));
    }

    @Test
    void refusesAnAllowedImageThatDoesNotStartWithARegistry() {
        TrawlerConfig.Validation validation =
                config(Map.of("trawler.validation.allowed-images", "busybox")).validation();

        assertThatThrownBy(() -> ValidatorProducer.images(validation))
                .hasMessageContaining("start with a registry");
    }

    @Test
    void refusesARelativeAllowedLocalDirectory() {
        TrawlerConfig.Validation validation =
                config(Map.of("trawler.validation.allowed-local-directories", "data/in"))
                        .validation();

        assertThatThrownBy(() -> StoragePolicy.from(validation)).hasMessageContaining("absolute");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data/scratch:rw", "/data/in:ro"})
    void refusesAnAllowedLocalDirectoryWithAnAccessSuffix(String entry) {
        TrawlerConfig.Validation validation =
                config(Map.of("trawler.validation.allowed-local-directories", "/data/x," + entry))
                        .validation();

        assertThatThrownBy(() -> StoragePolicy.from(validation))
                .hasMessageContaining("without :rw or :ro")
                .hasMessageContaining("always mounted read-only")
                .hasMessageContaining(entry);
    }

    @Test
    void refusesNestingLimitsTheReaderCouldNotHonour() {
        assertThatThrownBy(
                        () ->
                                DecodingLimits.of(
                                        config(Map.of("trawler.intake.max-nesting-depth", "5000"))
                                                .intake()))
                .hasMessageContaining("max-nesting-depth");
    }
}
