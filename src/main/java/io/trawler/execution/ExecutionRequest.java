package io.trawler.execution;

import io.trawler.validation.ValidatedJob;

/**
 * One attempt at running a job.
 *
 * @param job the validated job
 * @param executionId unique to this attempt on this worker
 * @param attempt 1 for the first run of the job, raised each time it runs again after an
 *     interruption
 * @param workerId the worker running the attempt
 * @param outputCap how many bytes of stdout and of stderr to keep
 */
public record ExecutionRequest(
        ValidatedJob job, String executionId, int attempt, String workerId, int outputCap) {

    public String jobId() {
        return job.jobId();
    }
}
