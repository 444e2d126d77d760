package io.trawler.validation;

import io.trawler.config.WorkerCapacity;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.EngineType;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The operator's rules that validation applies, gathered from configuration once.
 *
 * @param enabledEngines engines this worker runs
 * @param capacity the most this worker can give one job
 * @param defaultCpu CPU for a job that asks for none
 * @param defaultMemory memory for a job that asks for none
 * @param defaultTimeout timeout for a job that sets none
 * @param maxTimeout the longest timeout a job may set
 * @param allowNetworkedJobs whether jobs may ask for network access
 * @param limits floors and sizes of the job's process
 * @param images which docker images may run
 * @param storage what storage specs may reach
 * @param workerLabels this worker's labels, which node selectors are matched against
 */
public record ValidationPolicy(
        Set<EngineType> enabledEngines,
        WorkerCapacity capacity,
        CpuQuantity defaultCpu,
        ByteSize defaultMemory,
        Duration defaultTimeout,
        Duration maxTimeout,
        boolean allowNetworkedJobs,
        SpecLimits limits,
        ImagePolicy images,
        StoragePolicy storage,
        Map<String, String> workerLabels) {

    public ValidationPolicy {
        enabledEngines = Set.copyOf(enabledEngines);
        workerLabels = Map.copyOf(workerLabels);
    }

    /** A policy with the default limits, any image, default storage rules and no labels. */
    public ValidationPolicy(
            Set<EngineType> enabledEngines,
            WorkerCapacity capacity,
            CpuQuantity defaultCpu,
            ByteSize defaultMemory,
            Duration defaultTimeout,
            Duration maxTimeout,
            boolean allowNetworkedJobs) {
        this(
                enabledEngines,
                capacity,
                defaultCpu,
                defaultMemory,
                defaultTimeout,
                maxTimeout,
                allowNetworkedJobs,
                SpecLimits.defaults(),
                ImagePolicy.anyImage(),
                StoragePolicy.defaults(),
                Map.of());
    }
}
