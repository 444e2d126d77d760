package io.trawler.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.trawler.config.TrawlerConfig;
import io.trawler.job.Job;
import io.trawler.job.JobJson;
import io.trawler.validation.JsonPath;
import io.trawler.validation.Violation;
import io.trawler.validation.ViolationCode;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a record value into a job document, refusing anything that is not strict, bounded JSON. It
 * never throws for bad input; each refusal has its own {@link ViolationCode}.
 *
 * <p>The checks run from the cheapest to the dearest, so that a hostile record costs as little as
 * possible: the size first (before a single byte is parsed), then UTF-8, then JSON syntax with the
 * limits on nesting, strings, names and numbers applied token by token, and last the binding to the
 * job model. A null value is a tombstone and is skipped.
 */
public final class RecordDecoder {

    private static final int MAX_SHOWN_MESSAGE = 200;

    private final DecodingLimits limits;
    private final BoundedJsonReader reader;
    private final ObjectMapper mapper = JobJson.mapper();

    /**
     * Binds checked documents. The reader's pass has refused duplicate keys already, so the binding
     * does not look for them a second time.
     */
    private final ObjectReader binder =
            mapper.readerFor(Job.class).without(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public RecordDecoder(DecodingLimits limits) {
        this.limits = limits;
        this.reader = new BoundedJsonReader(limits);
    }

    public RecordDecoder(TrawlerConfig.Intake limits) {
        this(DecodingLimits.of(limits));
    }

    public DecodeResult decode(byte[] value) {
        if (value == null) {
            return new DecodeResult.Tombstone();
        }
        if (value.length == 0) {
            return refused(ViolationCode.EMPTY_RECORD, "the record is empty: it has zero bytes");
        }
        if (value.length > limits.maxRecordBytes()) {
            return refused(
                    ViolationCode.RECORD_TOO_LARGE,
                    "the record has "
                            + value.length
                            + " bytes; the limit is "
                            + limits.maxRecordBytes());
        }
        String encodingProblem = utf8Problem(value);
        if (encodingProblem != null) {
            return refused(ViolationCode.NOT_UTF8, encodingProblem);
        }

        JsonToken root;
        try {
            root = reader.check(value);
        } catch (BoundedJsonReader.Refusal refusal) {
            return new DecodeResult.Undecodable(
                    new Violation(refusal.code(), refusal.path(), refusal.getMessage()), null);
        } catch (JsonProcessingException e) {
            return refused(ViolationCode.NOT_JSON, "not JSON: " + shortMessage(e));
        } catch (IOException e) {
            return refused(
                    ViolationCode.NOT_JSON,
                    "not JSON: "
                            + Violation.printable(
                                    String.valueOf(e.getMessage()), MAX_SHOWN_MESSAGE));
        }
        if (root != JsonToken.START_OBJECT) {
            return refused(
                    ViolationCode.MALFORMED_DOCUMENT,
                    "a job document is a JSON object, not " + kindOf(root));
        }
        return bind(value);
    }

    /** Binds a document the reader has checked: it is one JSON object within every limit. */
    private DecodeResult bind(byte[] value) {
        try {
            return new DecodeResult.Decoded(binder.readValue(value));
        } catch (JsonProcessingException e) {
            return unbindable(value, path(e), shortMessage(e));
        } catch (IOException e) {
            // A byte array is no source of I/O errors, but Jackson declares them all the same.
            return unbindable(
                    value,
                    JsonPath.ROOT.text(),
                    Violation.printable(String.valueOf(e.getMessage()), MAX_SHOWN_MESSAGE));
        }
    }

    private DecodeResult unbindable(byte[] value, String path, String problem) {
        return new DecodeResult.Undecodable(
                new Violation(ViolationCode.MALFORMED_DOCUMENT, path, "wrong type: " + problem),
                documentId(value));
    }

    /** The document's Metadata.ID, when it is a string, for a document that cannot be bound. */
    private String documentId(byte[] value) {
        try {
            JsonNode id = mapper.readTree(value).path("Metadata").path("ID");
            return id.isTextual() ? id.textValue() : null;
        } catch (IOException e) {
            // Only reached when binding failed: a document that is no tree either names no ID.
            return null;
        }
    }

    private static String kindOf(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Why {@code value} is not UTF-8, or null when it is. The bytes are checked in place against
     * the well-formed sequences of RFC 3629, which exclude overlong forms, surrogates and code
     * points past U+10FFFF, so the check takes no memory. A NUL byte at the start is how UTF-16 and
     * UTF-32 text without a byte order mark looks, which a JSON parser might otherwise detect and
     * read.
     */
    private static String utf8Problem(byte[] value) {
        if (value[0] == 0 || (value.length > 1 && value[1] == 0)) {
            return "the record is not UTF-8; it looks like UTF-16 or UTF-32 text";
        }
        int i = 0;
        while (i < value.length) {
            int length = utf8SequenceLength(value, i);
            if (length == 0) {
                return "the record is not UTF-8: byte " + i + " starts an invalid sequence";
            }
            i += length;
        }
        return null;
    }

    /** The length of the well-formed UTF-8 sequence at {@code i}, or 0 when there is none. */
    private static int utf8SequenceLength(byte[] bytes, int i) {
        int first = bytes[i] & 0xff;
        if (first < 0x80) {
            return 1;
        }
        int length;
        int low = 0x80;
        int high = 0xbf;
        if (first >= 0xc2 && first <= 0xdf) {
            length = 2;
        } else if (first >= 0xe0 && first <= 0xef) {
            length = 3;
            low = first == 0xe0 ? 0xa0 : 0x80;
            high = first == 0xed ? 0x9f : 0xbf;
        } else if (first >= 0xf0 && first <= 0xf4) {
            length = 4;
            low = first == 0xf0 ? 0x90 : 0x80;
            high = first == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (i + length > bytes.length) {
            return 0;
        }
        int second = bytes[i + 1] & 0xff;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int next = bytes[i + k] & 0xff;
            if (next < 0x80 || next > 0xbf) {
                return 0;
            }
        }
        return length;
    }

    private static DecodeResult refused(ViolationCode code, String message) {
        return new DecodeResult.Undecodable(
                new Violation(code, JsonPath.ROOT.text(), message), null);
    }

    private static String path(JsonProcessingException e) {
        JsonPath path = JsonPath.ROOT;
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    path = path.field(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    path = path.index(reference.getIndex());
                }
            }
        }
        return path.text();
    }

    private static String shortMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + mismatch.getTargetType().getSimpleName();
        }
        if (e.getLocation() != null && !(e instanceof JsonMappingException)) {
            message += " at byte " + e.getLocation().getByteOffset();
        }
        return Violation.printable(message, MAX_SHOWN_MESSAGE);
    }
}
