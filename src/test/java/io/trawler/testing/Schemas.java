package io.trawler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/** The project's JSON Schemas, loaded from the class path, for checking documents in tests. */
public final class Schemas {

    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    public static final Schemas JOB = new Schemas("/schemas/job.schema.json");
    public static final Schemas JOB_EVENT = new Schemas("/schemas/job-event.schema.json");

    private final JsonSchema schema;

    private Schemas(String resource) {
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no schema on the class path at " + resource);
            }
            this.schema = FACTORY.getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about a document, one line each; empty when it conforms. */
    public String violations(JsonNode document) {
        Set<ValidationMessage> messages = schema.validate(document);
        return messages.stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.joining("\n"));
    }
}
