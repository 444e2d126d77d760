package io.trawler.validation;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trawler.job.DockerEngineSpec;
import io.trawler.job.EngineParams;
import io.trawler.job.EngineSpec;
import io.trawler.job.EngineType;
import io.trawler.job.JobJson;
import io.trawler.job.WasmEngineSpec;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the engine a job names, that this worker runs it, and the engine's parameters.
 *
 * <p>Limitation: a document in Bacalhau's older form ({@code Engine} with a {@code Docker} or
 * {@code Wasm} block) is folded into {@code EngineSpec} before validation, so its violations name
 * {@code $.Spec.EngineSpec.Params…} rather than {@code $.Spec.Docker…}; the field names after the
 * prefix are the same.
 */
final class EngineChecks {

    private final Set<EngineType> enabledEngines;
    private final DockerChecks docker;
    private final WasmChecks wasm;
    private final ObjectMapper mapper = JobJson.mapper();

    EngineChecks(Set<EngineType> enabledEngines, DockerChecks docker, WasmChecks wasm) {
        this.enabledEngines = enabledEngines;
        this.docker = docker;
        this.wasm = wasm;
    }

    /** Checks the engine; returns its typed parameters when they could be read. */
    Optional<EngineParams> check(EngineSpec engineSpec, Violations violations) {
        JsonPath path = JsonPath.ROOT.field("Spec").field("EngineSpec");
        Optional<EngineType> type = checkType(engineSpec, path.field("Type"), violations);
        if (type.isEmpty()) {
            return Optional.empty();
        }

        JsonPath params = path.field("Params");
        EngineParams typed;
        try {
            typed = EngineParams.decode(type.get(), engineSpec.params(), mapper);
        } catch (IllegalArgumentException e) {
            violations.add(
                    ViolationCode.INVALID_ENGINE_PARAM,
                    pathOf(params, e),
                    "an engine parameter has the wrong JSON type");
            return Optional.empty();
        }

        if (typed instanceof DockerEngineSpec dockerSpec) {
            docker.check(dockerSpec, params, violations);
        } else if (typed instanceof WasmEngineSpec wasmSpec) {
            wasm.check(wasmSpec, params, violations);
        }
        return Optional.of(typed);
    }

    private Optional<EngineType> checkType(
            EngineSpec engineSpec, JsonPath path, Violations violations) {
        if (engineSpec == null || engineSpec.type() == null) {
            violations.add(
                    ViolationCode.UNKNOWN_ENGINE,
                    path,
                    "the engine type is missing; use docker, wasm or noop");
            return Optional.empty();
        }
        Optional<EngineType> type = EngineType.parse(engineSpec.type());
        if (type.isEmpty()) {
            violations.add(
                    ViolationCode.UNKNOWN_ENGINE,
                    path,
                    "unknown engine "
                            + Violations.quote(engineSpec.type())
                            + "; use docker, wasm or noop");
            return Optional.empty();
        }
        if (!enabledEngines.contains(type.get())) {
            violations.add(
                    ViolationCode.ENGINE_DISABLED,
                    path,
                    "engine " + type.get().wireName() + " is not enabled on this worker");
            return Optional.empty();
        }
        return type;
    }

    private static JsonPath pathOf(JsonPath params, IllegalArgumentException e) {
        if (!(e.getCause() instanceof JsonMappingException mapping)) {
            return params;
        }
        JsonPath path = params;
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path = path.field(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path = path.index(reference.getIndex());
            }
        }
        return path;
    }
}
