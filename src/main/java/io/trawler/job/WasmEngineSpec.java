package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a wasm job: the module to run, its entry point, arguments and environment, and
 * the modules it imports functions from.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WasmEngineSpec(
        @JsonProperty("EntryModule") StorageSpec entryModule,
        @JsonProperty("EntryPoint") String entryPoint,
        @JsonProperty("Parameters") List<String> parameters,
        @JsonProperty("EnvironmentVariables") Map<String, String> environmentVariables,
        @JsonProperty("ImportModules") List<StorageSpec> importModules)
        implements EngineParams {

    /** The function WASI programs start at, used when a job names none. */
    public static final String DEFAULT_ENTRY_POINT = "_start";

    public WasmEngineSpec {
        parameters = ImmutableCopies.immutableList(parameters);
        environmentVariables =
                environmentVariables == null
                        ? Map.of()
                        : ImmutableCopies.immutableMap(environmentVariables);
        importModules = ImmutableCopies.immutableList(importModules);
    }

    /** The entry point the job named, or {@value #DEFAULT_ENTRY_POINT}. */
    public String entryPointOrDefault() {
        return entryPoint == null || entryPoint.isEmpty() ? DEFAULT_ENTRY_POINT : entryPoint;
    }

    @Override
    public EngineType engineType() {
        return EngineType.WASM;
    }
}
