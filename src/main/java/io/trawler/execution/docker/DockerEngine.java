package io.trawler.execution.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.trawler.config.TrawlerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The connection to one Docker engine. Creating it does not connect; the first call does.
 *
 * <p>It holds two clients: one without a response timeout, because waiting for a container lasts as
 * long as the job, and one with a short timeout for probes, so that a hung engine makes the
 * readiness check fail instead of hang.
 */
@Singleton
public class DockerEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DockerEngine.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final DockerClient client;
    private final DockerClient probe;

    @Inject
    DockerEngine(TrawlerConfig config) {
        this(
                config.docker().host(),
                config.docker().apiVersion(),
                config.docker().connectTimeout());
    }

    public DockerEngine(String host, String apiVersion, Duration connectTimeout) {
        this.host = host;
        DockerClientConfig config =
                DefaultDockerClientConfig.createDefaultConfigBuilder()
                        .withDockerHost(host)
                        .withApiVersion(apiVersion)
                        .build();
        this.client = DockerClientImpl.getInstance(config, transport(config, connectTimeout, null));
        this.probe =
                DockerClientImpl.getInstance(
                        config, transport(config, connectTimeout, PROBE_TIMEOUT));
    }

    private static ApacheDockerHttpClient transport(
            DockerClientConfig config, Duration connectTimeout, Duration responseTimeout) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .build();
    }

    /** The client for everything a job needs. */
    public DockerClient client() {
        return client;
    }

    /** The engine's address, for messages. */
    public String host() {
        return host;
    }

    /**
     * Pings the engine within a few seconds.
     *
     * @throws RuntimeException when it cannot be reached or does not answer
     */
    public void ping() {
        probe.pingCmd().exec();
    }

    /**
     * Whether a failed call means the engine could not be reached at all, rather than that it
     * answered with an error.
     */
    static boolean isUnreachable(Throwable failure) {
        if (failure instanceof DockerException) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    @Override
    public void close() {
        try {
            client.close();
            probe.close();
        } catch (IOException e) {
            // Closing at shutdown: there is nothing left to do about a connection that will not
            // close.
            LOG.debugf("could not close the Docker client host=%s error=%s", host, e);
        }
    }
}
