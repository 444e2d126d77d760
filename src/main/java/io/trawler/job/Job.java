package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Bacalhau job document, as producers publish it on the jobs topic.
 *
 * <p>Field names are Bacalhau's own. Fields this model does not know are ignored on read and are
 * not written back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Job(
        @JsonProperty("APIVersion") String apiVersion,
        @JsonProperty("Metadata") Metadata metadata,
        @JsonProperty("Spec") Spec spec) {}
