package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A condition on the labels of the worker that may run a job, in Kubernetes' selector terms. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabelSelectorRequirement(
        @JsonProperty("Key") String key,
        @JsonProperty("Operator") String operator,
        @JsonProperty("Values") List<String> values) {

    public LabelSelectorRequirement {
        values = ImmutableCopies.immutableList(values);
    }
}
