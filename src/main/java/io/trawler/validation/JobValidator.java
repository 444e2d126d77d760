package io.trawler.validation;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.DockerEngineSpec;
import io.trawler.job.EngineParams;
import io.trawler.job.EngineSpec;
import io.trawler.job.EngineType;
import io.trawler.job.Job;
import io.trawler.job.JobJson;
import io.trawler.job.ResourceUsageConfig;
import io.trawler.job.Spec;
import io.trawler.job.WasmEngineSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a job document against the contract and the operator's policy, and either types it into a
 * {@link ValidatedJob} or lists everything wrong with it. It never throws for bad input.
 */
public final class JobValidator {

    private static final Set<String> API_VERSIONS = Set.of("v1beta1", "v1beta2");
    private static final Pattern JOB_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

    private final ValidationPolicy policy;
    private final ObjectMapper mapper = JobJson.mapper();

    public JobValidator(ValidationPolicy policy) {
        this.policy = policy;
    }

    /** Validates {@code job}, to be known as {@code jobId}. */
    public ValidationResult validate(String jobId, Job job) {
        List<Violation> violations = new ArrayList<>();
        checkJobId(jobId, violations);
        checkApiVersion(job.apiVersion(), violations);
        Spec spec = job.spec();
        if (spec == null) {
            violations.add(new Violation(ViolationCode.MISSING_SPEC, "$.Spec", "Spec is missing"));
            return new ValidationResult.Invalid(violations);
        }

        Optional<EngineParams> engine = checkEngine(spec.engineSpec(), violations);
        ResourceRequest resources = checkResources(spec.resources(), violations);
        Duration timeout = checkTimeout(spec.timeout(), violations);

        if (!violations.isEmpty()) {
            return new ValidationResult.Invalid(violations);
        }
        return new ValidationResult.Valid(
                new ValidatedJob(jobId, job, engine.orElseThrow(), resources, timeout));
    }

    private void checkJobId(String jobId, List<Violation> violations) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            violations.add(
                    new Violation(
                            ViolationCode.INVALID_JOB_ID,
                            "$.Metadata.ID",
                            "job ID must be 1 to 128 characters of letters, digits and . _ : -,"
                                    + " starting with a letter or digit"));
        }
    }

    private void checkApiVersion(String apiVersion, List<Violation> violations) {
        if (apiVersion == null || !API_VERSIONS.contains(apiVersion.toLowerCase(Locale.ROOT))) {
            violations.add(
                    new Violation(
                            ViolationCode.UNSUPPORTED_API_VERSION,
                            "$.APIVersion",
                            "APIVersion must be V1beta1 or V1beta2, got " + quote(apiVersion)));
        }
    }

    private Optional<EngineParams> checkEngine(EngineSpec engineSpec, List<Violation> violations) {
        if (engineSpec == null || engineSpec.type() == null) {
            violations.add(
                    new Violation(
                            ViolationCode.UNKNOWN_ENGINE,
                            "$.Spec.EngineSpec.Type",
                            "the engine type is missing; use docker, wasm or noop"));
            return Optional.empty();
        }
        Optional<EngineType> type = EngineType.parse(engineSpec.type());
        if (type.isEmpty()) {
            violations.add(
                    new Violation(
                            ViolationCode.UNKNOWN_ENGINE,
                            "$.Spec.EngineSpec.Type",
                            "unknown engine "
                                    + quote(engineSpec.type())
                                    + "; use docker, wasm or noop"));
            return Optional.empty();
        }
        if (!policy.enabledEngines().contains(type.get())) {
            violations.add(
                    new Violation(
                            ViolationCode.ENGINE_DISABLED,
                            "$.Spec.EngineSpec.Type",
                            "engine " + type.get().wireName() + " is not enabled on this worker"));
            return Optional.empty();
        }
        EngineParams params;
        try {
            params = EngineParams.decode(type.get(), engineSpec.params(), mapper);
        } catch (IllegalArgumentException e) {
            violations.add(
                    new Violation(
                            ViolationCode.INVALID_ENGINE_PARAM,
                            "$.Spec.EngineSpec.Params" + jsonPath(e),
                            "an engine parameter has the wrong type"));
            return Optional.empty();
        }
        checkRequiredParams(params, violations);
        return Optional.of(params);
    }

    private static void checkRequiredParams(EngineParams params, List<Violation> violations) {
        if (params instanceof DockerEngineSpec docker
                && (docker.image() == null || docker.image().isBlank())) {
            violations.add(
                    new Violation(
                            ViolationCode.MISSING_ENGINE_PARAM,
                            "$.Spec.EngineSpec.Params.Image",
                            "a docker job needs an Image"));
        }
        if (params instanceof WasmEngineSpec wasm && wasm.entryModule() == null) {
            violations.add(
                    new Violation(
                            ViolationCode.MISSING_ENGINE_PARAM,
                            "$.Spec.EngineSpec.Params.EntryModule",
                            "a wasm job needs an EntryModule"));
        }
    }

    private ResourceRequest checkResources(ResourceUsageConfig asked, List<Violation> violations) {
        ResourceUsageConfig resources =
                asked == null ? new ResourceUsageConfig(null, null, null, null) : asked;
        CpuQuantity cpu =
                parseOrDefault(
                        resources.cpu(),
                        CpuQuantity::parse,
                        policy.defaultCpu(),
                        "$.Spec.Resources.CPU",
                        "CPU must be cores (\"0.5\") or millicores (\"500m\")",
                        violations);
        ByteSize memory =
                parseOrDefault(
                        resources.memory(),
                        ByteSize::parse,
                        policy.defaultMemory(),
                        "$.Spec.Resources.Memory",
                        "Memory must be a size such as \"512Mi\", \"1Gb\" or \"1G\"",
                        violations);
        Optional<ByteSize> disk = Optional.empty();
        if (isSet(resources.disk())) {
            disk = ByteSize.parse(resources.disk());
            if (disk.isEmpty()) {
                violations.add(
                        new Violation(
                                ViolationCode.INVALID_RESOURCE,
                                "$.Spec.Resources.Disk",
                                "Disk must be a size such as \"10Gi\", got "
                                        + quote(resources.disk())));
            }
        }
        int gpus = 0;
        if (isSet(resources.gpu())) {
            try {
                gpus = Integer.parseInt(resources.gpu().trim());
            } catch (NumberFormatException e) {
                gpus = -1;
            }
            if (gpus < 0) {
                violations.add(
                        new Violation(
                                ViolationCode.INVALID_RESOURCE,
                                "$.Spec.Resources.GPU",
                                "GPU must be a whole number, got " + quote(resources.gpu())));
                gpus = 0;
            }
        }
        if (!policy.capacity().couldEverGrant(cpu, memory, gpus)) {
            violations.add(
                    new Violation(
                            ViolationCode.RESOURCE_EXCEEDS_CAPACITY,
                            "$.Spec.Resources",
                            String.format(
                                    Locale.ROOT,
                                    "the job asks for %s, %s and %d GPUs; this worker has at most"
                                            + " %s, %s and %d GPUs",
                                    cpu,
                                    memory,
                                    gpus,
                                    policy.capacity().cpu(),
                                    policy.capacity().memory(),
                                    policy.capacity().gpus())));
        }
        return new ResourceRequest(cpu, memory, disk.filter(d -> true), gpus);
    }

    private static <T> T parseOrDefault(
            String text,
            java.util.function.Function<String, Optional<T>> parser,
            T defaultValue,
            String path,
            String expectation,
            List<Violation> violations) {
        if (!isSet(text)) {
            return defaultValue;
        }
        Optional<T> parsed = parser.apply(text);
        if (parsed.isEmpty()) {
            violations.add(
                    new Violation(
                            ViolationCode.INVALID_RESOURCE,
                            path,
                            expectation + ", got " + quote(text)));
            return defaultValue;
        }
        return parsed.get();
    }

    private Duration checkTimeout(BigDecimal timeout, List<Violation> violations) {
        if (timeout == null || timeout.signum() == 0) {
            return policy.defaultTimeout();
        }
        BigDecimal maxSeconds = BigDecimal.valueOf(policy.maxTimeout().toSeconds());
        if (timeout.signum() < 0 || timeout.compareTo(maxSeconds) > 0) {
            violations.add(
                    new Violation(
                            ViolationCode.INVALID_TIMEOUT,
                            "$.Spec.Timeout",
                            "Timeout must be between 0 and "
                                    + maxSeconds
                                    + " seconds, got "
                                    + timeout.toPlainString()));
            return policy.defaultTimeout();
        }
        return Duration.ofMillis(timeout.movePointRight(3).longValue());
    }

    private static boolean isSet(String text) {
        return text != null && !text.isBlank();
    }

    private static String jsonPath(IllegalArgumentException e) {
        if (!(e.getCause() instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
