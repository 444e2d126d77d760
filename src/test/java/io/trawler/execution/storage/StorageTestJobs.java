package io.trawler.execution.storage;

import io.trawler.execution.ExecutionRequest;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.Job;
import io.trawler.job.JobJson;
import io.trawler.job.NoopEngineSpec;
import io.trawler.validation.ResourceRequest;
import io.trawler.validation.ValidatedJob;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Execution requests for storage tests, built from job JSON without the validator: storage keeps
 * its own rules as a second line of defence, so its tests give it specs validation would refuse.
 */
final class StorageTestJobs {

    private StorageTestJobs() {}

    /** A noop job with the given {@code Inputs}, {@code Outputs} and publisher JSON fragments. */
    static ExecutionRequest request(String jobId, String specFields) {
        String json =
                """
                {"APIVersion": "V1beta1", "Metadata": {"ID": "%s"},
                 "Spec": {"EngineSpec": {"Type": "noop"}%s}}
                """
                        .formatted(jobId, specFields.isEmpty() ? "" : ", " + specFields);
        Job job;
        try {
            job = JobJson.mapper().readValue(json, Job.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad test job JSON: " + json, e);
        }
        ValidatedJob unchecked =
                new ValidatedJob(
                        jobId,
                        job,
                        new NoopEngineSpec(),
                        new ResourceRequest(
                                CpuQuantity.ofMillicores(100),
                                ByteSize.ofMebibytes(64),
                                Optional.empty(),
                                0),
                        Duration.ofMinutes(1));
        return new ExecutionRequest(unchecked, UUID.randomUUID().toString(), 1, "test", 1024);
    }

    static String uniqueJobId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
