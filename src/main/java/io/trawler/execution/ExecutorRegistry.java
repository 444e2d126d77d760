package io.trawler.execution;

import io.quarkus.runtime.Startup;
import io.trawler.config.EnabledEngines;
import io.trawler.config.TrawlerConfig;
import io.trawler.job.EngineType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The executors this worker runs, keyed by engine type; disabled engines have none. Built at
 * start-up, so that an enabled engine without an executor stops the worker before it takes a job.
 */
@Startup
@Singleton
public class ExecutorRegistry {

    private final Map<EngineType, Executor> executors = new EnumMap<>(EngineType.class);

    @Inject
    ExecutorRegistry(Instance<Executor> candidates, TrawlerConfig config) {
        this(candidates, EnabledEngines.of(config));
    }

    ExecutorRegistry(Iterable<Executor> candidates, Set<EngineType> enabled) {
        for (Executor executor : candidates) {
            if (enabled.contains(executor.engineType())) {
                Executor previous = executors.put(executor.engineType(), executor);
                if (previous != null) {
                    throw new IllegalStateException(
                            "two executors claim engine " + executor.engineType().wireName());
                }
            }
        }
        for (EngineType engine : enabled) {
            if (!executors.containsKey(engine)) {
                throw new IllegalStateException(
                        "engine " + engine.wireName() + " is enabled but has no executor");
            }
        }
    }

    /** The executor for an engine type, empty when the engine is not enabled here. */
    public Optional<Executor> find(EngineType engineType) {
        return Optional.ofNullable(executors.get(engineType));
    }

    /** The engine types this worker runs. */
    public Set<EngineType> engines() {
        return Collections.unmodifiableSet(executors.keySet());
    }
}
