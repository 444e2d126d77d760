package io.trawler.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON encoding of job documents: Bacalhau's field names, RFC 3339 times, exact decimals.
 *
 * <p>The mapper is private to the job document so that settings made for events or for the
 * framework never change how jobs are read.
 */
public final class JobJson {

    private JobJson() {}

    /** A mapper for job documents with Jackson's default read limits. */
    public static ObjectMapper mapper() {
        return mapper(StreamReadConstraints.defaults());
    }

    /** A mapper for job documents that refuses input beyond the given limits. */
    public static ObjectMapper mapper(StreamReadConstraints constraints) {
        JsonFactory factory =
                JsonFactory.builder()
                        .streamReadConstraints(constraints)
                        .enable(
                                com.fasterxml.jackson.core.StreamReadFeature
                                        .STRICT_DUPLICATE_DETECTION)
                        .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
