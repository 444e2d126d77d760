package io.trawler.lifecycle;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The JSON encoding of lifecycle events: camel-case fields, RFC 3339 times. */
public final class EventJson {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .addModule(new Jdk8Module())
                    // Registered after the time module, so that it writes instants in its stead.
                    .addModule(new SimpleModule().addSerializer(Instant.class, new InstantWriter()))
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .build();
    private static final ObjectWriter WRITER = MAPPER.writerFor(JobEvent.class);

    private EventJson() {}

    public static byte[] write(JobEvent event) {
        try {
            return WRITER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job event could not be written as JSON", e);
        }
    }

    /** Writes an instant as the time module does, {@link InstantText}'s way. */
    private static final class InstantWriter extends StdSerializer<Instant> {

        InstantWriter() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeString(InstantText.of(value));
        }
    }

    public static JobEvent read(byte[] json) {
        try {
            return MAPPER.readValue(json, JobEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a job event", e);
        }
    }
}
