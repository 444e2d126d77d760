package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Who submitted a job, when, and under which ID. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Metadata(
        @JsonProperty("ID") String id,
        @JsonProperty("CreatedAt") Instant createdAt,
        @JsonProperty("ClientID") String clientId,
        @JsonProperty("Requester") JobRequester requester) {}
