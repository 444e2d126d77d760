package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One input or output of a job: where its data comes from or goes ({@code StorageSource}) and the
 * path it has inside the job.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageSpec(
        @JsonProperty("StorageSource") String storageSource,
        @JsonProperty("Name") String name,
        @JsonProperty("CID") String cid,
        @JsonProperty("URL") String url,
        @JsonProperty("S3") S3StorageSpec s3,
        @JsonProperty("Repo") String repo,
        @JsonProperty("SourcePath") String sourcePath,
        @JsonProperty("ReadWrite") boolean readWrite,
        @JsonProperty("Path") String path,
        @JsonProperty("Metadata") Map<String, String> metadata) {

    public StorageSpec {
        metadata = metadata == null ? Map.of() : ImmutableCopies.immutableMap(metadata);
    }
}
