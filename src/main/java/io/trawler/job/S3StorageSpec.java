package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An object or prefix in an S3 bucket, as an input or output of a job. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record S3StorageSpec(
        @JsonProperty("Bucket") String bucket,
        @JsonProperty("Key") String key,
        @JsonProperty("ChecksumSHA256") String checksumSha256,
        @JsonProperty("VersionID") String versionId,
        @JsonProperty("Endpoint") String endpoint,
        @JsonProperty("Region") String region) {}
