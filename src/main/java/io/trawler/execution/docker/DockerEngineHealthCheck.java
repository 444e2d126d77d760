package io.trawler.execution.docker;

import io.trawler.config.EnabledEngines;
import io.trawler.config.TrawlerConfig;
import io.trawler.job.EngineType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the Docker engine answers a ping, or when the docker engine is not enabled here. A
 * worker whose engine is down takes no more docker jobs it would only fail.
 */
@Readiness
@ApplicationScoped
public class DockerEngineHealthCheck implements HealthCheck {

    static final String NAME = "docker-engine";

    private final DockerEngine engine;
    private final boolean enabled;

    @Inject
    DockerEngineHealthCheck(DockerEngine engine, TrawlerConfig config) {
        this(engine, EnabledEngines.of(config).contains(EngineType.DOCKER));
    }

    DockerEngineHealthCheck(DockerEngine engine, boolean enabled) {
        this.engine = engine;
        this.enabled = enabled;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named(NAME).withData("enabled", enabled);
        if (!enabled) {
            return response.up().build();
        }
        response.withData("host", engine.host());
        try {
            engine.ping();
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
