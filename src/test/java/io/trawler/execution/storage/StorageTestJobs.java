package io.trawler.execution.storage;

import io.trawler.config.WorkerCapacity;
import io.trawler.execution.ExecutionRequest;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.EngineType;
import io.trawler.job.Job;
import io.trawler.job.JobJson;
import io.trawler.validation.JobValidator;
import io.trawler.validation.ValidationPolicy;
import io.trawler.validation.ValidationResult;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;

/** Execution requests for storage tests, built from job JSON through the real validator. */
final class StorageTestJobs {

    private static final JobValidator VALIDATOR =
            new JobValidator(
                    new ValidationPolicy(
                            EnumSet.allOf(EngineType.class),
                            new WorkerCapacity(
                                    CpuQuantity.ofCores(4), ByteSize.ofMebibytes(4096), 0),
                            CpuQuantity.ofMillicores(100),
                            ByteSize.ofMebibytes(64),
                            Duration.ofMinutes(1),
                            Duration.ofHours(1),
                            false));

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
        ValidationResult result = VALIDATOR.validate(jobId, job);
        if (!(result instanceof ValidationResult.Valid valid)) {
            throw new IllegalArgumentException("test job is invalid: " + result);
        }
        return new ExecutionRequest(valid.job(), UUID.randomUUID().toString(), 1, "test", 1024);
    }

    static String uniqueJobId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
