package io.trawler.validation;

import io.trawler.config.EnabledEngines;
import io.trawler.config.TrawlerConfig;
import io.trawler.config.WorkerCapacity;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the validator from configuration, failing start-up on settings that make no sense. */
@ApplicationScoped
public class ValidatorProducer {

    @Produces
    @Singleton
    ValidationPolicy policy(TrawlerConfig config, WorkerCapacity capacity) {
        TrawlerConfig.Execution execution = config.execution();
        return new ValidationPolicy(
                EnabledEngines.of(config),
                capacity,
                CpuQuantity.parse(execution.defaultCpu())
                        .orElseThrow(() -> invalid("trawler.execution.default-cpu")),
                ByteSize.parse(execution.defaultMemory())
                        .orElseThrow(() -> invalid("trawler.execution.default-memory")),
                execution.defaultTimeout(),
                execution.maxTimeout(),
                config.validation().allowNetworkedJobs());
    }

    @Produces
    @Singleton
    JobValidator validator(ValidationPolicy policy) {
        return new JobValidator(policy);
    }

    private static IllegalArgumentException invalid(String setting) {
        return new IllegalArgumentException(setting + " is not a valid quantity");
    }
}
