package io.trawler.validation;

import io.trawler.config.WorkerCapacity;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.ResourceUsageConfig;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses the resources a job asks for, exactly: a value that is present must parse, and must lie
 * between the operator's floor and an exbibyte. A value that is present but wrong, even an empty
 * string, refuses the job; it is never read as the default or as "no limit". Only an absent value
 * takes the default.
 */
final class ResourceChecks {

    /** More memory or disk than any machine has; anything larger is a mistake, not a request. */
    static final ByteSize EXBIBYTE = ByteSize.ofBytes(1L << 60);

    private static final Pattern GPU_COUNT = Pattern.compile("[0-9]{1,4}");
    private static final String SIZE_FORMS =
            "a size such as \"512Mi\", \"1Gb\", \"512MB\" or \"1G\"";

    private final ValidationPolicy policy;

    ResourceChecks(ValidationPolicy policy) {
        this.policy = policy;
    }

    ResourceRequest check(ResourceUsageConfig asked, Violations violations) {
        ResourceUsageConfig resources =
                asked == null ? new ResourceUsageConfig(null, null, null, null) : asked;
        JsonPath path = JsonPath.ROOT.field("Spec").field("Resources");
        CpuQuantity cpu = checkCpu(resources.cpu(), path.field("CPU"), violations);
        ByteSize memory =
                checkSize(
                                resources.memory(),
                                policy.limits().minMemory(),
                                path.field("Memory"),
                                violations)
                        .orElse(policy.defaultMemory());
        Optional<ByteSize> disk =
                checkSize(resources.disk(), ByteSize.ofBytes(1), path.field("Disk"), violations);
        int gpus = checkGpus(resources.gpu(), path.field("GPU"), violations);
        checkCapacity(cpu, memory, gpus, path, violations);
        return new ResourceRequest(cpu, memory, disk, gpus);
    }

    private CpuQuantity checkCpu(String text, JsonPath path, Violations violations) {
        if (text == null) {
            return policy.defaultCpu();
        }
        Optional<CpuQuantity> cpu = parse(text, CpuQuantity::parse);
        if (cpu.isEmpty()) {
            violations.add(
                    ViolationCode.INVALID_RESOURCE,
                    path,
                    "CPU must be cores (\"0.5\") or millicores (\"500m\"), got "
                            + Violations.quote(text));
            return policy.defaultCpu();
        }
        if (cpu.get().compareTo(policy.limits().minCpu()) < 0) {
            violations.add(
                    ViolationCode.INVALID_RESOURCE,
                    path,
                    "CPU must be at least "
                            + policy.limits().minCpu()
                            + ", got "
                            + Violations.quote(text));
            return policy.defaultCpu();
        }
        return cpu.get();
    }

    /** The size asked for; empty when none was asked for or it is refused. */
    private Optional<ByteSize> checkSize(
            String text, ByteSize floor, JsonPath path, Violations violations) {
        if (text == null) {
            return Optional.empty();
        }
        String field = path.text().substring(path.text().lastIndexOf('.') + 1);
        Optional<ByteSize> size = parse(text, ByteSize::parse);
        if (size.isEmpty()) {
            violations.add(
                    ViolationCode.INVALID_RESOURCE,
                    path,
                    field + " must be " + SIZE_FORMS + ", got " + Violations.quote(text));
            return Optional.empty();
        }
        if (size.get().compareTo(floor) < 0 || size.get().compareTo(EXBIBYTE) > 0) {
            violations.add(
                    ViolationCode.INVALID_RESOURCE,
                    path,
                    field
                            + " must be between "
                            + floor
                            + " and "
                            + EXBIBYTE
                            + ", got "
                            + Violations.quote(text));
            return Optional.empty();
        }
        return size;
    }

    private static int checkGpus(String text, JsonPath path, Violations violations) {
        if (text == null) {
            return 0;
        }
        if (!GPU_COUNT.matcher(text.trim()).matches()) {
            violations.add(
                    ViolationCode.INVALID_RESOURCE,
                    path,
                    "GPU must be a whole number from 0 to 9999, got " + Violations.quote(text));
            return 0;
        }
        return Integer.parseInt(text.trim());
    }

    private void checkCapacity(
            CpuQuantity cpu, ByteSize memory, int gpus, JsonPath path, Violations violations) {
        WorkerCapacity capacity = policy.capacity();
        if (!capacity.couldEverGrant(cpu, memory, gpus)) {
            violations.add(
                    ViolationCode.RESOURCE_EXCEEDS_CAPACITY,
                    path,
                    String.format(
                            Locale.ROOT,
                            "the job asks for %s, %s and %d GPUs; this worker has at most %s, %s"
                                    + " and %d GPUs",
                            cpu,
                            memory,
                            gpus,
                            capacity.cpu(),
                            capacity.memory(),
                            capacity.gpus()));
        }
    }

    /** Parses a present value; blank text is a value, and never parses. */
    private static <T> Optional<T> parse(String text, Function<String, Optional<T>> parser) {
        return text.isBlank() ? Optional.empty() : parser.apply(text);
    }
}
