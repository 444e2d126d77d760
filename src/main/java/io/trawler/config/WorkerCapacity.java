package io.trawler.config;

import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;

/**
 * What this worker offers to the jobs it runs at once. A job asking for more than this can never
 * run here and is refused at validation.
 */
public record WorkerCapacity(CpuQuantity cpu, ByteSize memory, int gpus) {

    /** Whether a request of these sizes fits into this capacity when nothing else runs. */
    public boolean couldEverGrant(CpuQuantity cpuRequest, ByteSize memoryRequest, int gpuRequest) {
        return cpuRequest.compareTo(cpu) <= 0
                && memoryRequest.compareTo(memory) <= 0
                && gpuRequest <= gpus;
    }
}
