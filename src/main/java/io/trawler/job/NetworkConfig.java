package io.trawler.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The network a job asks for: {@code None}, {@code Full}, or {@code HTTP} to a list of domains. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkConfig(
        @JsonProperty("Type") String type, @JsonProperty("Domains") List<String> domains) {

    public NetworkConfig {
        domains = ImmutableCopies.immutableList(domains);
    }
}
