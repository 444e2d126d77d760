package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Where a job's outputs are published: a publisher type and its parameters. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PublisherSpec(
        @JsonProperty("Type") String type, @JsonProperty("Params") Map<String, Object> params) {

    public PublisherSpec {
        params = params == null ? Map.of() : ImmutableCopies.immutableMap(params);
    }
}
