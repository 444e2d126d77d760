package io.trawler.validation;

import io.trawler.config.WorkerCapacity;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.EngineType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Validation policies for tests: the defaults of the settings reference on a 4-core, 8 GiB worker.
 */
public final class TestPolicies {

    public static final WorkerCapacity CAPACITY =
            new WorkerCapacity(CpuQuantity.ofCores(4), ByteSize.ofMebibytes(8192), 0);

    private TestPolicies() {}

    /** The default policy; networking off, any image, no local directories, no labels. */
    public static ValidationPolicy standard() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Changes one rule at a time from the defaults. */
    public static final class Builder {

        private boolean allowNetworkedJobs;
        private SpecLimits limits = SpecLimits.defaults();
        private ImagePolicy images = ImagePolicy.anyImage();
        private StoragePolicy storage = StoragePolicy.defaults();
        private Map<String, String> labels = Map.of();
        private EnumSet<EngineType> engines = EnumSet.allOf(EngineType.class);

        public Builder allowNetworkedJobs() {
            this.allowNetworkedJobs = true;
            return this;
        }

        public Builder limits(SpecLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder images(List<String> allowed, boolean requireDigest) {
            this.images = new ImagePolicy(allowed, requireDigest);
            return this;
        }

        public Builder storage(StoragePolicy storage) {
            this.storage = storage;
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        public Builder engines(EnumSet<EngineType> engines) {
            this.engines = engines;
            return this;
        }

        public ValidationPolicy build() {
            return new ValidationPolicy(
                    engines,
                    CAPACITY,
                    CpuQuantity.ofMillicores(100),
                    ByteSize.ofMebibytes(256),
                    Duration.ofMinutes(30),
                    Duration.ofHours(24),
                    allowNetworkedJobs,
                    limits,
                    images,
                    storage,
                    labels);
        }
    }
}
