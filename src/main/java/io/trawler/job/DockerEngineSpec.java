package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The parameters of a docker job: the image and how its process starts.
 *
 * <p>{@code EnvironmentVariables} is Bacalhau's list of {@code "NAME=value"} strings.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerEngineSpec(
        @JsonProperty("Image") String image,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Parameters") List<String> parameters,
        @JsonProperty("EnvironmentVariables") List<String> environmentVariables,
        @JsonProperty("WorkingDirectory") String workingDirectory)
        implements EngineParams {

    public DockerEngineSpec {
        entrypoint = ImmutableCopies.immutableList(entrypoint);
        parameters = ImmutableCopies.immutableList(parameters);
        environmentVariables = ImmutableCopies.immutableList(environmentVariables);
    }

    @Override
    public EngineType engineType() {
        return EngineType.DOCKER;
    }
}
