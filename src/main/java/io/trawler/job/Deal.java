package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How many nodes Bacalhau would run a job on. Trawler runs every job once; a deal asking for more
 * than one node is refused by validation.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Deal(
        @JsonProperty("TargetingMode") String targetingMode,
        @JsonProperty("Concurrency") int concurrency,
        @JsonProperty("Confidence") int confidence,
        @JsonProperty("MinBids") int minBids) {}
