package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The resources a job asks for, as the strings producers write ({@code "500m"}, {@code "1Gb"}).
 *
 * <p>Validation parses them into {@link CpuQuantity} and {@link ByteSize}; a value that cannot be
 * parsed refuses the job rather than running it without a limit.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceUsageConfig(
        @JsonProperty("CPU") String cpu,
        @JsonProperty("Memory") String memory,
        @JsonProperty("Disk") String disk,
        @JsonProperty("GPU") String gpu) {}
