package io.trawler.config;

import io.trawler.job.EngineType;
import java.util.EnumSet;
import java.util.Set;

/** Reads {@code trawler.validation.enabled-engines}, refusing names that are not engines. */
public final class EnabledEngines {

    private EnabledEngines() {}

    public static Set<EngineType> of(TrawlerConfig config) {
        Set<EngineType> engines = EnumSet.noneOf(EngineType.class);
        for (String name : config.validation().enabledEngines()) {
            engines.add(
                    EngineType.parse(name)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "trawler.validation.enabled-engines names an"
                                                            + " unknown engine: "
                                                            + name)));
        }
        return engines;
    }
}
