package io.trawler.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.trawler.validation.JsonPath;
import io.trawler.validation.ViolationCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks strict JSON one token at a time, and stops at the first value that breaks a limit, with
 * the JSON path where it happened: a duplicate key, nesting too deep, a string, field name or
 * number too long.
 *
 * <p>Each limit is checked as its token is read, and no value is converted or kept, so no work or
 * memory is spent on what will be refused, and a document that passes can then be bound straight
 * from its bytes. Jackson's own limits are set just past ours (or to the record size, which no
 * value can exceed), so that ours are always the ones that speak.
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
     * Checks that {@code utf8} holds exactly one JSON value within the limits, and returns the
     * value's first token ({@code START_OBJECT} for an object).
     *
     * @throws Refusal when a value breaks a limit
     * @throws IOException when the bytes are not JSON; Jackson's message says where
     */
    JsonToken check(byte[] utf8) throws IOException, Refusal {
        try (JsonParser parser = factory.createParser(utf8)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Refusal(
                        ViolationCode.EMPTY_RECORD,
                        Trail.ROOT,
                        "the record holds only white space");
            }
            checkValue(parser, first, Trail.ROOT, 0);
            if (parser.nextToken() != null) {
                throw new Refusal(
                        ViolationCode.NOT_JSON,
                        Trail.ROOT,
                        "not JSON: more data follows the document at byte "
                                + parser.currentTokenLocation().getByteOffset());
            }
            return first;
        }
    }

    private void checkValue(JsonParser parser, JsonToken token, Trail path, int depth)
            throws IOException, Refusal {
        switch (token) {
            case START_OBJECT -> checkObject(parser, path, enter(depth, path));
            case START_ARRAY -> checkArray(parser, path, enter(depth, path));
            case VALUE_STRING ->
                    checkLength(parser.getTextLength(), limits.maxStringLength(), STRING, path);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    checkLength(parser.getTextLength(), limits.maxNumberLength(), NUMBER, path);
            case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {}
            default -> throw new IOException("unexpected token " + token);
        }
    }

    private void checkObject(JsonParser parser, Trail path, int depth) throws IOException, Refusal {
        SeenNames names = new SeenNames();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            Trail field = path.field(name);
            checkLength(name.length(), limits.maxNameLength(), FIELD_NAME, field);
            if (!names.add(name)) {
                throw new Refusal(
                        ViolationCode.DUPLICATE_KEY,
                        field,
                        "the key appears twice in one object; a document names each field once");
            }
            checkValue(parser, parser.nextToken(), field, depth);
        }
    }

    private void checkArray(JsonParser parser, Trail path, int depth) throws IOException, Refusal {
        int index = 0;
        for (JsonToken token = parser.nextToken();
                token != JsonToken.END_ARRAY;
                token = parser.nextToken()) {
            checkValue(parser, token, path.element(index++), depth);
        }
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

    /**
     * The names of one object so far. A job document's objects have a handful of fields each, which
     * a short list finds faster, and in less memory, than a hash set; an object with many fields
     * gets a hash set, so that a hostile one costs no quadratic time.
     */
    private static final class SeenNames {

        private static final int LISTED = 16;

        private final List<String> listed = new ArrayList<>(8);
        private Set<String> hashed;

        /** Adds a name; false when it was seen before. */
        boolean add(String name) {
            if (hashed != null) {
                return hashed.add(name);
            }
            if (listed.contains(name)) {
                return false;
            }
            listed.add(name);
            if (listed.size() > LISTED) {
                hashed = new HashSet<>(listed);
            }
            return true;
        }
    }

    /** What a length limit applies to, and the code that refuses it. */
    private record Measured(String noun, ViolationCode code) {}
}
