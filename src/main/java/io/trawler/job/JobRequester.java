package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Bacalhau requester node that created a job; the public key is base64 as Bacalhau writes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRequester(
        @JsonProperty("RequesterNodeID") String requesterNodeId,
        @JsonProperty("RequesterPublicKey") String requesterPublicKey) {}
