package io.trawler.execution.docker;

import com.github.dockerjava.api.model.Capability;
import io.trawler.config.TrawlerConfig;
import io.trawler.config.TrawlerConfig.Docker.PullPolicy;
import io.trawler.job.ByteSize;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Docker executor's settings, typed from {@code trawler.docker.*} and the few execution and
 * validation settings it enforces again at run time.
 *
 * @param host the engine's address
 * @param apiVersion the Engine API version to speak
 * @param pullPolicy when to pull a job's image
 * @param pullTimeout how long one pull may take
 * @param stopGrace the time between SIGTERM and SIGKILL when a job is stopped
 * @param pidsLimit the most processes one container may have
 * @param capAdd capabilities given back after all are dropped
 * @param tmpBytes the size of the tmpfs on {@code /tmp}
 * @param logMaxBytes the most container log the engine keeps per job
 * @param user the user jobs run as, or empty for the image's own
 * @param connectTimeout how long to wait for a connection to the engine
 * @param allowNetworkedJobs whether a job may have the default bridge network
 * @param gpus how many GPUs this worker has
 */
public record DockerSettings(
        String host,
        String apiVersion,
        PullPolicy pullPolicy,
        Duration pullTimeout,
        Duration stopGrace,
        long pidsLimit,
        List<Capability> capAdd,
        long tmpBytes,
        long logMaxBytes,
        Optional<String> user,
        Duration connectTimeout,
        boolean allowNetworkedJobs,
        int gpus) {

    public DockerSettings {
        capAdd = List.copyOf(capAdd);
    }

    /** Reads the settings, refusing sizes and capabilities that cannot be parsed. */
    public static DockerSettings from(TrawlerConfig config) {
        TrawlerConfig.Docker docker = config.docker();
        return new DockerSettings(
                docker.host(),
                docker.apiVersion(),
                docker.pullPolicy(),
                docker.pullTimeout(),
                docker.stopGrace(),
                docker.pidsLimit(),
                docker.capAdd().orElse(List.of()).stream().map(DockerSettings::capability).toList(),
                size("trawler.docker.tmp-size", docker.tmpSize()),
                size("trawler.docker.log-max-size", docker.logMaxSize()),
                docker.user().filter(user -> !user.isBlank()),
                docker.connectTimeout(),
                config.validation().allowNetworkedJobs(),
                config.execution().gpus());
    }

    /** A capability by its Linux name, with or without the {@code CAP_} prefix. */
    static Capability capability(String name) {
        String bare = name.trim().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
        try {
            return Capability.valueOf(bare);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "trawler.docker.cap-add names an unknown capability: " + name, e);
        }
    }

    private static long size(String name, String text) {
        return ByteSize.parse(text)
                .orElseThrow(() -> new IllegalArgumentException(name + " is not a size: " + text))
                .bytes();
    }
}
