package io.trawler.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The parameters of one engine, typed. Each engine type has exactly one kind of params. */
public sealed interface EngineParams permits DockerEngineSpec, WasmEngineSpec, NoopEngineSpec {

    /** The engine these parameters are for. */
    EngineType engineType();

    /**
     * Types the untyped {@code EngineSpec.Params} of an engine.
     *
     * @throws IllegalArgumentException when a parameter has the wrong JSON type; its cause is a
     *     Jackson mapping exception whose path names the parameter
     */
    static EngineParams decode(EngineType type, Map<String, Object> params, ObjectMapper mapper) {
        return switch (type) {
            case DOCKER -> mapper.convertValue(params, DockerEngineSpec.class);
            case WASM -> mapper.convertValue(params, WasmEngineSpec.class);
            case NOOP -> NoopEngineSpec.INSTANCE;
        };
    }
}
