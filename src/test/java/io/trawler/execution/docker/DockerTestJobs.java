package io.trawler.execution.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trawler.config.TrawlerConfig.Docker.PullPolicy;
import io.trawler.config.WorkerCapacity;
import io.trawler.execution.ExecutionRequest;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.EngineParams;
import io.trawler.job.EngineType;
import io.trawler.job.Job;
import io.trawler.job.JobJson;
import io.trawler.validation.JobValidator;
import io.trawler.validation.ResourceRequest;
import io.trawler.validation.ValidatedJob;
import io.trawler.validation.ValidationPolicy;
import io.trawler.validation.ValidationResult;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Docker jobs for tests, written as Bacalhau documents and typed by the real validator. */
final class DockerTestJobs {

    static final String IMAGE = "trawler-test/busybox:1.35";
    static final String HOST = "unix:///var/run/docker.sock";

    private static final ObjectMapper MAPPER = JobJson.mapper();
    private static final JobValidator VALIDATOR =
            new JobValidator(
                    new ValidationPolicy(
                            EnumSet.allOf(EngineType.class),
                            new WorkerCapacity(
                                    CpuQuantity.ofCores(2), ByteSize.ofMebibytes(4096), 1),
                            CpuQuantity.ofMillicores(500),
                            ByteSize.ofMebibytes(64),
                            Duration.ofMinutes(1),
                            Duration.ofHours(1),
                            true));

    private DockerTestJobs() {}

    /** Settings as an operator would leave them, with a short stop grace so tests end quickly. */
    static DockerSettings settings() {
        return new DockerSettings(
                HOST,
                "1.41",
                PullPolicy.IF_NOT_PRESENT,
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                64,
                List.of(),
                16L * 1024 * 1024,
                1024L * 1024,
                Optional.empty(),
                Duration.ofSeconds(5),
                false,
                0);
    }

    static String uniqueJobId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A job document under construction. */
    static final class Builder {

        private final String jobId;
        private final Map<String, Object> params = new LinkedHashMap<>();
        private final Map<String, Object> spec = new LinkedHashMap<>();
        private int outputCap = 4096;
        private String workerId = "docker-test-worker";

        Builder(String jobId) {
            this.jobId = jobId;
            params.put("Image", IMAGE);
        }

        Builder image(String image) {
            params.put("Image", image);
            return this;
        }

        /** Runs {@code script} with {@code sh -c}. */
        Builder shell(String script) {
            params.put("Entrypoint", List.of("sh", "-c", script));
            return this;
        }

        Builder entrypoint(String... entrypoint) {
            params.put("Entrypoint", List.of(entrypoint));
            return this;
        }

        Builder parameters(String... parameters) {
            params.put("Parameters", List.of(parameters));
            return this;
        }

        Builder env(String... variables) {
            params.put("EnvironmentVariables", List.of(variables));
            return this;
        }

        Builder workingDirectory(String dir) {
            params.put("WorkingDirectory", dir);
            return this;
        }

        Builder memory(String memory) {
            spec.put("Resources", Map.of("Memory", memory));
            return this;
        }

        Builder network(String type) {
            spec.put("Network", Map.of("Type", type));
            return this;
        }

        Builder inputs(List<Map<String, Object>> inputs) {
            spec.put("Inputs", inputs);
            return this;
        }

        Builder outputs(List<Map<String, Object>> outputs) {
            spec.put("Outputs", outputs);
            return this;
        }

        Builder publisher(String type) {
            spec.put("PublisherSpec", Map.of("Type", type));
            return this;
        }

        Builder outputCap(int cap) {
            outputCap = cap;
            return this;
        }

        Builder workerId(String id) {
            workerId = id;
            return this;
        }

        private Job document() {
            Map<String, Object> fullSpec = new LinkedHashMap<>(spec);
            fullSpec.put("EngineSpec", Map.of("Type", "docker", "Params", params));
            return MAPPER.convertValue(
                    Map.of(
                            "APIVersion",
                            "V1beta1",
                            "Metadata",
                            Map.of("ID", jobId),
                            "Spec",
                            fullSpec),
                    Job.class);
        }

        ExecutionRequest request() {
            Job job = document();
            ValidationResult result = VALIDATOR.validate(jobId, job);
            if (!(result instanceof ValidationResult.Valid valid)) {
                throw new IllegalArgumentException("test job is invalid: " + result);
            }
            return new ExecutionRequest(
                    valid.job(), UUID.randomUUID().toString(), 1, workerId, outputCap);
        }

        /**
         * A request for a job that validation would refuse, to prove that the executor refuses it
         * on its own as well.
         */
        ExecutionRequest requestSkippingValidation() {
            Job job = document();
            String memory =
                    job.spec().resources() == null || job.spec().resources().memory() == null
                            ? "64Mi"
                            : job.spec().resources().memory();
            ValidatedJob unchecked =
                    new ValidatedJob(
                            jobId,
                            job,
                            EngineParams.decode(EngineType.DOCKER, params, MAPPER),
                            new ResourceRequest(
                                    CpuQuantity.ofMillicores(100),
                                    ByteSize.parse(memory).orElseThrow(),
                                    Optional.empty(),
                                    0),
                            Duration.ofSeconds(30));
            return new ExecutionRequest(
                    unchecked, UUID.randomUUID().toString(), 1, workerId, outputCap);
        }
    }

    static Builder job(String prefix) {
        return new Builder(uniqueJobId(prefix));
    }
}
