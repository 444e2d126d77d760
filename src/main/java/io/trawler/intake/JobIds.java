package io.trawler.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The rule that names a job: its {@code Metadata.ID} when the document has one; else the record
 * key; else an ID made of topic, partition and offset, so that a redelivered record keeps its ID.
 */
final class JobIds {

    private JobIds() {}

    static String resolve(String documentId, byte[] key, String topic, int partition, long offset) {
        if (documentId != null && !documentId.isEmpty()) {
            return documentId;
        }
        String fromKey = keyText(key);
        if (fromKey != null && !fromKey.isEmpty()) {
            return fromKey;
        }
        return derived(topic, partition, offset);
    }

    /** The longest ID that may key a status event. */
    static final int MAX_KEY_LENGTH = 256;

    /**
     * Whether an ID, even one validation refused, may still key the job's Rejected event: short
     * enough and free of control characters. Longer or stranger IDs only reach the dead-letter
     * topic.
     */
    static boolean usableAsEventKey(String jobId) {
        return jobId != null
                && !jobId.isEmpty()
                && jobId.length() <= MAX_KEY_LENGTH
                && jobId.chars().noneMatch(Character::isISOControl);
    }

    static String derived(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }

    /** The key as text, or null when there is no key or it is not UTF-8. */
    static String keyText(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
