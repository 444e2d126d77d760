package io.trawler.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.trawler.config.TrawlerConfig;
import io.trawler.job.Job;
import io.trawler.job.JobJson;
import io.trawler.validation.Violation;
import io.trawler.validation.ViolationCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a record value into a job document, refusing anything that is not strict, bounded JSON:
 * values over the size limit, bytes that are not UTF-8, duplicate keys, nesting, strings or numbers
 * beyond their limits. It never throws for bad input.
 */
public final class RecordDecoder {

    private final int maxRecordBytes;
    private final ObjectMapper mapper;

    public RecordDecoder(TrawlerConfig.Intake limits) {
        this.maxRecordBytes = limits.maxRecordBytes();
        this.mapper =
                JobJson.mapper(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(limits.maxNestingDepth())
                                .maxStringLength(limits.maxStringLength())
                                .maxNumberLength(limits.maxNumberLength())
                                .maxDocumentLength(limits.maxRecordBytes())
                                .build());
    }

    public DecodeResult decode(byte[] value) {
        if (value == null) {
            return new DecodeResult.Tombstone();
        }
        if (value.length == 0) {
            return undecodable(ViolationCode.MALFORMED_DOCUMENT, "$", "the record is empty");
        }
        if (value.length > maxRecordBytes) {
            return undecodable(
                    ViolationCode.MALFORMED_DOCUMENT,
                    "$",
                    "the record has " + value.length + " bytes; the limit is " + maxRecordBytes);
        }
        if (!isUtf8(value)) {
            return undecodable(ViolationCode.MALFORMED_DOCUMENT, "$", "the record is not UTF-8");
        }

        JsonNode tree;
        try {
            tree = mapper.readTree(value);
        } catch (StreamConstraintsException e) {
            return undecodable(ViolationCode.MALFORMED_DOCUMENT, "$", e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return undecodable(
                    ViolationCode.MALFORMED_DOCUMENT, "$", "not JSON: " + shortMessage(e));
        } catch (IOException e) {
            return undecodable(
                    ViolationCode.MALFORMED_DOCUMENT, "$", "not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            return undecodable(
                    ViolationCode.MALFORMED_DOCUMENT, "$", "a job document is a JSON object");
        }
        return bind(tree);
    }

    private DecodeResult bind(JsonNode tree) {
        try {
            return new DecodeResult.Decoded(mapper.treeToValue(tree, Job.class));
        } catch (JsonProcessingException e) {
            String documentId = tree.path("Metadata").path("ID").asText(null);
            return new DecodeResult.Undecodable(
                    new Violation(
                            ViolationCode.MALFORMED_DOCUMENT,
                            path(e),
                            "wrong type: " + shortMessage(e)),
                    documentId);
        }
    }

    private static boolean isUtf8(byte[] value) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static DecodeResult undecodable(ViolationCode code, String path, String message) {
        return new DecodeResult.Undecodable(new Violation(code, path, message), null);
    }

    private static String path(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "$";
        }
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String shortMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + mismatch.getTargetType().getSimpleName();
        }
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
