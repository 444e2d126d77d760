package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The engine a job runs in and that engine's parameters, still untyped.
 *
 * <p>{@link EngineParams#decode} turns the parameters into the typed spec of the engine.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EngineSpec(
        @JsonProperty("Type") String type, @JsonProperty("Params") Map<String, Object> params) {

    public EngineSpec {
        params = params == null ? Map.of() : ImmutableCopies.immutableMap(params);
    }
}
