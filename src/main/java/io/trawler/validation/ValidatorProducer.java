package io.trawler.validation;

import io.trawler.config.EnabledEngines;
import io.trawler.config.TrawlerConfig;
import io.trawler.config.WorkerCapacity;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.ImageReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** Builds the validator from configuration, failing start-up on settings that make no sense. */
@ApplicationScoped
public class ValidatorProducer {

    @Produces
    @Singleton
    ValidationPolicy policy(TrawlerConfig config, WorkerCapacity capacity) {
        TrawlerConfig.Execution execution = config.execution();
        TrawlerConfig.Validation validation = config.validation();
        return new ValidationPolicy(
                EnabledEngines.of(config),
                capacity,
                cpu("trawler.execution.default-cpu", execution.defaultCpu()),
                size("trawler.execution.default-memory", execution.defaultMemory()),
                execution.defaultTimeout(),
                execution.maxTimeout(),
                validation.allowNetworkedJobs(),
                limits(validation),
                images(validation),
                StoragePolicy.from(validation),
                config.worker().labels());
    }

    @Produces
    @Singleton
    JobValidator validator(ValidationPolicy policy) {
        return new JobValidator(policy);
    }

    static SpecLimits limits(TrawlerConfig.Validation validation) {
        return new SpecLimits(
                cpu("trawler.validation.min-cpu", validation.minCpu()),
                size("trawler.validation.min-memory", validation.minMemory()),
                positive("trawler.validation.max-arguments", validation.maxArguments()),
                positive("trawler.validation.max-argument-bytes", validation.maxArgumentBytes()),
                positive(
                        "trawler.validation.max-environment-variables",
                        validation.maxEnvironmentVariables()),
                positive(
                        "trawler.validation.max-environment-bytes",
                        validation.maxEnvironmentBytes()),
                validation.deniedEnvironmentVariables());
    }

    static ImagePolicy images(TrawlerConfig.Validation validation) {
        List<String> allowed = validation.allowedImages().orElse(List.of());
        for (String entry : allowed) {
            // An entry must start with a registry, or "busybox" would silently mean nothing.
            String trimmed = entry.trim();
            String first = trimmed.split("/", 2)[0];
            boolean isRegistry =
                    first.contains(".") || first.contains(":") || first.equals("localhost");
            String asImage = trimmed.contains("/") ? trimmed : trimmed + "/x";
            if (!isRegistry || ImageReference.tryParse(asImage).isEmpty()) {
                throw new IllegalArgumentException(
                        "trawler.validation.allowed-images entries start with a registry, such as"
                                + " docker.io/library/busybox or ghcr.io/acme: "
                                + entry);
            }
        }
        return new ImagePolicy(allowed, validation.requireImageDigest());
    }

    private static CpuQuantity cpu(String setting, String text) {
        return CpuQuantity.parse(text).orElseThrow(() -> invalid(setting));
    }

    private static ByteSize size(String setting, String text) {
        return ByteSize.parse(text).orElseThrow(() -> invalid(setting));
    }

    private static int positive(String setting, int value) {
        return Optional.of(value)
                .filter(v -> v > 0)
                .orElseThrow(() -> new IllegalArgumentException(setting + " must be positive"));
    }

    private static IllegalArgumentException invalid(String setting) {
        return new IllegalArgumentException(setting + " is not a valid quantity");
    }
}
