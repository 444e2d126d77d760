package io.trawler.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trawler.validation.JsonPath;
import io.trawler.validation.ViolationCode;
import java.io.IOException;

/**
 * Reads strict JSON into a tree, one token at a time, and stops at the first value that breaks a
 * limit, with the JSON path where it happened: a duplicate key, nesting too deep, a string, field
 * name or number too long.
 *
 * <p>Each limit is checked as its token is read, before the value is converted, so no work or
 * memory is spent on what will be refused. Jackson's own limits are set just past ours (or to the
 * record size, which no value can exceed), so that ours are always the ones that speak.
 */
final class BoundedJsonReader {

    /**
     * Where the reader is, as a chain of steps back to the root. The JSON path is only written out
     * when a value is refused, so reading a valid document builds no path strings.
     */
    private record Trail(Trail parent, String name, int index) {

        static final Trail ROOT = new Trail(null, null, -1);

        Trail field(String fieldName) {
            return new Trail(this, fieldName, -1);
        }

        Trail element(int elementIndex) {
            return new Trail(this, null, elementIndex);
        }

        JsonPath toPath() {
            if (parent == null) {
                return JsonPath.ROOT;
            }
            JsonPath path = parent.toPath();
            return name != null ? path.field(name) : path.index(index);
        }
    }

    /** A value that breaks a limit; thrown inside the reader only, and turned into a refusal. */
    static final class Refusal extends Exception {

        private final ViolationCode code;
        private final String path;

        Refusal(ViolationCode code, Trail trail, String message) {
            super(message, null, false, false);
            this.code = code;
            this.path = trail.toPath().text();
        }

        ViolationCode code() {
            return code;
        }

        String path() {
            return path;
        }
    }

    private static final Measured STRING = new Measured("string", ViolationCode.VALUE_TOO_LONG);
    private static final Measured FIELD_NAME =
            new Measured("field name", ViolationCode.VALUE_TOO_LONG);
    private static final Measured NUMBER = new Measured("number", ViolationCode.NUMBER_TOO_LONG);

    private final DecodingLimits limits;
    private final JsonFactory factory;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    BoundedJsonReader(DecodingLimits limits) {
        this.limits = limits;
        this.factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxDocumentLength(limits.maxRecordBytes())
                                        .maxNestingDepth(limits.maxNestingDepth() + 1)
                                        .maxStringLength(limits.maxRecordBytes())
                                        .maxNameLength(limits.maxRecordBytes())
                                        .maxNumberLength(limits.maxRecordBytes())
                                        .build())
                        .build();
    }

    /**
     * Reads exactly one JSON value from {@code utf8}.
     *
     * @throws Refusal when a value breaks a limit
     * @throws IOException when the bytes are not JSON; Jackson's message says where
     */
    JsonNode read(byte[] utf8) throws IOException, Refusal {
        try (JsonParser parser = factory.createParser(utf8)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Refusal(
                        ViolationCode.EMPTY_RECORD,
                        Trail.ROOT,
                        "the record holds only white space");
            }
            JsonNode value = readValue(parser, first, Trail.ROOT, 0);
            if (parser.nextToken() != null) {
                throw new Refusal(
                        ViolationCode.NOT_JSON,
                        Trail.ROOT,
                        "not JSON: more data follows the document at byte "
                                + parser.currentTokenLocation().getByteOffset());
            }
            return value;
        }
    }

    private JsonNode readValue(JsonParser parser, JsonToken token, Trail path, int depth)
            throws IOException, Refusal {
        switch (token) {
            case START_OBJECT:
                return readObject(parser, path, enter(depth, path));
            case START_ARRAY:
                return readArray(parser, path, enter(depth, path));
            case VALUE_STRING:
                checkLength(parser.getTextLength(), limits.maxStringLength(), STRING, path);
                return nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return readNumber(parser, token, path);
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw new IOException("unexpected token " + token);
        }
    }

    private ObjectNode readObject(JsonParser parser, Trail path, int depth)
            throws IOException, Refusal {
        ObjectNode object = nodes.objectNode();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            Trail field = path.field(name);
            checkLength(name.length(), limits.maxNameLength(), FIELD_NAME, field);
            if (object.has(name)) {
                throw new Refusal(
                        ViolationCode.DUPLICATE_KEY,
                        field,
                        "the key appears twice in one object; a document names each field once");
            }
            object.set(name, readValue(parser, parser.nextToken(), field, depth));
        }
        return object;
    }

    private ArrayNode readArray(JsonParser parser, Trail path, int depth)
            throws IOException, Refusal {
        ArrayNode array = nodes.arrayNode();
        for (JsonToken token = parser.nextToken();
                token != JsonToken.END_ARRAY;
                token = parser.nextToken()) {
            array.add(readValue(parser, token, path.element(array.size()), depth));
        }
        return array;
    }

    private JsonNode readNumber(JsonParser parser, JsonToken token, Trail path)
            throws IOException, Refusal {
        checkLength(parser.getTextLength(), limits.maxNumberLength(), NUMBER, path);
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            return nodes.numberNode(parser.getDecimalValue());
        }
        return switch (parser.getNumberType()) {
            case INT -> nodes.numberNode(parser.getIntValue());
            case LONG -> nodes.numberNode(parser.getLongValue());
            default -> nodes.numberNode(parser.getBigIntegerValue());
        };
    }

    private int enter(int depth, Trail path) throws Refusal {
        if (depth + 1 > limits.maxNestingDepth()) {
            throw new Refusal(
                    ViolationCode.NESTING_TOO_DEEP,
                    path,
                    "objects and arrays nest deeper than " + limits.maxNestingDepth() + " levels");
        }
        return depth + 1;
    }

    private static void checkLength(int length, int limit, Measured what, Trail path)
            throws Refusal {
        if (length > limit) {
            throw new Refusal(
                    what.code,
                    path,
                    "a "
                            + what.noun
                            + " of "
                            + length
                            + " characters is longer than the limit of "
                            + limit);
        }
    }

    /** What a length limit applies to, and the code that refuses it. */
    private record Measured(String noun, ViolationCode code) {}
}
