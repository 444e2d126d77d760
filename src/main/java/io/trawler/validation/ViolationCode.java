package io.trawler.validation;

/**
 * The stable codes of everything validation can find wrong with a job. Producers may match on them;
 * a code is never renamed or reused for another meaning.
 */
public enum ViolationCode {
    /** The record is not a JSON object, or a field has the wrong JSON type. */
    MALFORMED_DOCUMENT,
    /** {@code APIVersion} is missing or not one this worker reads. */
    UNSUPPORTED_API_VERSION,
    /** The job ID is too long or has characters outside the allowed set. */
    INVALID_JOB_ID,
    /** {@code Spec} is missing. */
    MISSING_SPEC,
    /** The engine type is missing or not one Trawler knows. */
    UNKNOWN_ENGINE,
    /** The engine is known but this worker does not run it. */
    ENGINE_DISABLED,
    /** A parameter the engine needs is missing. */
    MISSING_ENGINE_PARAM,
    /** An engine parameter has the wrong JSON type. */
    INVALID_ENGINE_PARAM,
    /** A resource value cannot be parsed. */
    INVALID_RESOURCE,
    /** The resources asked for exceed what this worker could ever grant. */
    RESOURCE_EXCEEDS_CAPACITY,
    /** The timeout is negative, not a number, or above the operator's maximum. */
    INVALID_TIMEOUT
}
