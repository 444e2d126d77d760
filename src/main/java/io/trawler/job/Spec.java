package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a job runs, with what, and under which limits.
 *
 * <p>Bacalhau still accepts an older form of the spec: {@code Engine} naming the engine beside a
 * {@code Docker} or {@code Wasm} block, and {@code Publisher} naming the publisher. Reading folds
 * that form into {@code EngineSpec} and {@code PublisherSpec}, so the rest of the worker sees one
 * shape and writing always produces the current form. When a document carries both forms, the
 * current one wins.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Spec(
        @JsonProperty("EngineSpec") EngineSpec engineSpec,
        @JsonProperty("PublisherSpec") PublisherSpec publisherSpec,
        @JsonProperty("Resources") ResourceUsageConfig resources,
        @JsonProperty("Network") NetworkConfig network,
        @JsonProperty("Timeout") BigDecimal timeout,
        @JsonProperty("Inputs") List<StorageSpec> inputs,
        @JsonProperty("Outputs") List<StorageSpec> outputs,
        @JsonProperty("Annotations") List<String> annotations,
        @JsonProperty("NodeSelectors") List<LabelSelectorRequirement> nodeSelectors,
        @JsonProperty("DoNotTrack") boolean doNotTrack,
        @JsonProperty("Deal") Deal deal) {

    public Spec {
        inputs = ImmutableCopies.immutableList(inputs);
        outputs = ImmutableCopies.immutableList(outputs);
        annotations = ImmutableCopies.immutableList(annotations);
        nodeSelectors = ImmutableCopies.immutableList(nodeSelectors);
    }

    @JsonCreator
    static Spec read(
            @JsonProperty("EngineSpec") EngineSpec engineSpec,
            @JsonProperty("Engine") String engine,
            @JsonProperty("Docker") Map<String, Object> docker,
            @JsonProperty("Wasm") Map<String, Object> wasm,
            @JsonProperty("PublisherSpec") PublisherSpec publisherSpec,
            @JsonProperty("Publisher") String publisher,
            @JsonProperty("Resources") ResourceUsageConfig resources,
            @JsonProperty("Network") NetworkConfig network,
            @JsonProperty("Timeout") BigDecimal timeout,
            @JsonProperty("Inputs") List<StorageSpec> inputs,
            @JsonProperty("Outputs") List<StorageSpec> outputs,
            @JsonProperty("Annotations") List<String> annotations,
            @JsonProperty("NodeSelectors") List<LabelSelectorRequirement> nodeSelectors,
            @JsonProperty("DoNotTrack") boolean doNotTrack,
            @JsonProperty("Deal") Deal deal) {
        return new Spec(
                engineSpec != null ? engineSpec : foldEngine(engine, docker, wasm),
                publisherSpec != null ? publisherSpec : foldPublisher(publisher),
                resources,
                network,
                timeout,
                inputs,
                outputs,
                annotations,
                nodeSelectors,
                doNotTrack,
                deal);
    }

    private static EngineSpec foldEngine(
            String engine, Map<String, Object> docker, Map<String, Object> wasm) {
        if (engine == null || engine.isEmpty()) {
            // Without Engine, a lone block still says which engine the producer meant.
            if (docker != null && wasm == null) {
                return new EngineSpec(EngineType.DOCKER.wireName(), docker);
            }
            if (wasm != null && docker == null) {
                return new EngineSpec(EngineType.WASM.wireName(), wasm);
            }
            return null;
        }
        String type = engine.toLowerCase(Locale.ROOT);
        if (type.equals(EngineType.DOCKER.wireName())) {
            return new EngineSpec(type, docker);
        }
        if (type.equals(EngineType.WASM.wireName())) {
            return new EngineSpec(type, wasm);
        }
        return new EngineSpec(type, null);
    }

    private static PublisherSpec foldPublisher(String publisher) {
        if (publisher == null || publisher.isEmpty()) {
            return null;
        }
        return new PublisherSpec(publisher.toLowerCase(Locale.ROOT), null);
    }
}
