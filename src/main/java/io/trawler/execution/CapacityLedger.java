package io.trawler.execution;

import io.trawler.config.WorkerCapacity;
import io.trawler.validation.ResourceRequest;

/**
 * How much of this worker's capacity the running jobs hold. Not thread-safe: the scheduler guards
 * it with its own lock.
 */
final class CapacityLedger {

    private final WorkerCapacity capacity;
    private final int maxJobs;
    private long usedMillicores;
    private long usedMemoryBytes;
    private int usedGpus;
    private int runningJobs;

    CapacityLedger(WorkerCapacity capacity, int maxJobs) {
        this.capacity = capacity;
        this.maxJobs = maxJobs;
    }

    boolean fits(ResourceRequest request) {
        return runningJobs < maxJobs
                && usedMillicores + request.cpu().millicores() <= capacity.cpu().millicores()
                && usedMemoryBytes + request.memory().bytes() <= capacity.memory().bytes()
                && usedGpus + request.gpus() <= capacity.gpus();
    }

    void take(ResourceRequest request) {
        usedMillicores += request.cpu().millicores();
        usedMemoryBytes += request.memory().bytes();
        usedGpus += request.gpus();
        runningJobs++;
    }

    void release(ResourceRequest request) {
        usedMillicores -= request.cpu().millicores();
        usedMemoryBytes -= request.memory().bytes();
        usedGpus -= request.gpus();
        runningJobs--;
    }

    int runningJobs() {
        return runningJobs;
    }

    long usedMillicores() {
        return usedMillicores;
    }

    long usedMemoryBytes() {
        return usedMemoryBytes;
    }

    int usedGpus() {
        return usedGpus;
    }
}
