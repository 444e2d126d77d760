package io.trawler.intake;

import io.trawler.job.Job;
import io.trawler.validation.Violation;

/** What reading one record's value gave: a job document, nothing at all, or a reason it is none. */
public sealed interface DecodeResult {

    /** The value is a job document. {@code documentId} is its {@code Metadata.ID}, if any. */
    record Decoded(Job job) implements DecodeResult {}

    /** The record has no value: a tombstone, which a compacted jobs topic may carry. */
    record Tombstone() implements DecodeResult {}

    /**
     * The value is not a job document.
     *
     * @param violation what is wrong, with the JSON path where it could be told
     * @param documentId the {@code Metadata.ID} the value names, when it could be read
     */
    record Undecodable(Violation violation, String documentId) implements DecodeResult {}
}
