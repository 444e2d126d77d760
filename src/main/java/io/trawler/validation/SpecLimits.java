package io.trawler.validation;

import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import java.util.List;
import java.util.Locale;

/**
 * The sizes a job's process may have: resource floors, arguments and environment.
 *
 * @param minCpu the least CPU a job may ask for
 * @param minMemory the least memory a job may ask for
 * @param maxArguments the most entries of Entrypoint and Parameters together
 * @param maxArgumentBytes the most UTF-8 bytes of Entrypoint and Parameters together
 * @param maxEnvironmentVariables the most environment variables
 * @param maxEnvironmentBytes the most UTF-8 bytes of all {@code NAME=value} entries together
 * @param deniedEnvironmentVariables names a job may not set, case-insensitive; a trailing {@code *}
 *     denies every name with that prefix
 */
public record SpecLimits(
        CpuQuantity minCpu,
        ByteSize minMemory,
        int maxArguments,
        int maxArgumentBytes,
        int maxEnvironmentVariables,
        int maxEnvironmentBytes,
        List<String> deniedEnvironmentVariables) {

    public SpecLimits {
        deniedEnvironmentVariables =
                deniedEnvironmentVariables.stream()
                        .map(String::trim)
                        .filter(name -> !name.isEmpty())
                        .map(name -> name.toUpperCase(Locale.ROOT))
                        .toList();
    }

    /** The limits the settings reference gives as defaults. */
    public static SpecLimits defaults() {
        return new SpecLimits(
                CpuQuantity.ofMillicores(10),
                ByteSize.ofMebibytes(6),
                1024,
                128 * 1024,
                256,
                64 * 1024,
                List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT"));
    }

    /** Whether a job may not set the environment variable {@code name}. */
    public boolean deniesVariable(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String denied : deniedEnvironmentVariables) {
            boolean matches =
                    denied.endsWith("*")
                            ? upper.startsWith(denied.substring(0, denied.length() - 1))
                            : upper.equals(denied);
            if (matches) {
                return true;
            }
        }
        return false;
    }
}
