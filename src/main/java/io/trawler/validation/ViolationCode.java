package io.trawler.validation;

/**
 * The stable codes of everything intake can find wrong with a record or the job it carries.
 * Producers may match on them, and they travel in Rejected events and in the {@code
 * dead-letter-reason-code} header; a code is never renamed or reused for another meaning.
 *
 * <p>The first group is found while decoding the record, before any job exists; the rest by
 * validation of a decoded job. {@link #NODE_SELECTOR_MISMATCH} is special: it says the job does not
 * fit this worker, not that the document is wrong (see {@link JobValidator#checkPlacement}).
 */
public enum ViolationCode {

    // Decoding: the record is not a bounded, strict JSON job document.

    /** The record value has zero bytes, or only white space. */
    EMPTY_RECORD,
    /** The record value is larger than {@code trawler.intake.max-record-bytes}. */
    RECORD_TOO_LARGE,
    /** The record value is not UTF-8: an invalid byte sequence, or UTF-16 or UTF-32 text. */
    NOT_UTF8,
    /**
     * The record value is not one JSON value: a syntax error, a truncated document, trailing data.
     */
    NOT_JSON,
    /** An object has the same key twice; JSON readers disagree on which one wins. */
    DUPLICATE_KEY,
    /** Objects and arrays nest deeper than {@code trawler.intake.max-nesting-depth}. */
    NESTING_TOO_DEEP,
    /**
     * A string or field name is longer than its limit ({@code max-string-length}, {@code
     * max-name-length}).
     */
    VALUE_TOO_LONG,
    /** A number is written with more characters than {@code trawler.intake.max-number-length}. */
    NUMBER_TOO_LONG,
    /**
     * The JSON is not a job document: the top level is not an object, or a field has the wrong JSON
     * type.
     */
    MALFORMED_DOCUMENT,

    // The document as a whole.

    /** {@code APIVersion} is missing or not one this worker reads. */
    UNSUPPORTED_API_VERSION,
    /** The job ID is too long or has characters outside the allowed set. */
    INVALID_JOB_ID,
    /** {@code Spec} is missing. */
    MISSING_SPEC,

    // The engine and its parameters.

    /** The engine type is missing or not one Trawler knows. */
    UNKNOWN_ENGINE,
    /** The engine is known but this worker does not run it. */
    ENGINE_DISABLED,
    /**
     * A parameter the engine needs is missing: a docker {@code Image}, a wasm {@code EntryModule}.
     */
    MISSING_ENGINE_PARAM,
    /** An engine parameter has the wrong JSON type. */
    INVALID_ENGINE_PARAM,
    /** The docker {@code Image} is not a valid image reference. */
    INVALID_IMAGE,
    /**
     * The image comes from a registry or repository outside {@code
     * trawler.validation.allowed-images}.
     */
    IMAGE_NOT_ALLOWED,
    /**
     * The image has no digest, and {@code trawler.validation.require-image-digest} asks for one.
     */
    IMAGE_NOT_PINNED,
    /** An entry of {@code Entrypoint} or {@code Parameters} is null or holds a NUL character. */
    INVALID_ARGUMENT,
    /**
     * {@code Entrypoint} and {@code Parameters} together have too many entries or too many bytes.
     */
    ARGUMENTS_TOO_LARGE,
    /**
     * An environment variable has no name, a name with {@code =}, NUL, a newline or another control
     * character, or a value with NUL.
     */
    INVALID_ENVIRONMENT_VARIABLE,
    /** An environment variable is on {@code trawler.validation.denied-environment-variables}. */
    ENVIRONMENT_VARIABLE_DENIED,
    /** The environment has too many variables or too many bytes. */
    ENVIRONMENT_TOO_LARGE,
    /** The docker {@code WorkingDirectory} is not an absolute path. */
    INVALID_WORKING_DIRECTORY,
    /**
     * The wasm {@code EntryPoint} is not an export name: too long, or with white space or control
     * characters.
     */
    INVALID_ENTRY_POINT,

    // Resources and time.

    /**
     * A resource value cannot be parsed, or is below the floor or absurdly large; it is never read
     * as "no limit".
     */
    INVALID_RESOURCE,
    /** The resources asked for exceed what this worker could ever grant. */
    RESOURCE_EXCEEDS_CAPACITY,
    /** The timeout is negative, under a millisecond, or above the operator's maximum. */
    INVALID_TIMEOUT,

    // Network.

    /** {@code Network.Type} is not {@code None}, {@code Full} or {@code HTTP}. */
    INVALID_NETWORK,
    /**
     * The job asks for {@code Full} or {@code HTTP} networking, which this worker does not allow.
     */
    NETWORK_NOT_ALLOWED,
    /**
     * An entry of {@code Network.Domains} is not a host name, a {@code .wildcard} or an IP address.
     */
    INVALID_DOMAIN,
    /**
     * An entry of {@code Network.Domains} names a loopback, link-local, private or local-only host.
     */
    DOMAIN_NOT_ALLOWED,

    // Storage: Inputs, Outputs and wasm modules.

    /** {@code StorageSource} is missing or not one Bacalhau defines. */
    UNKNOWN_STORAGE_SOURCE,
    /**
     * The storage source is a Bacalhau one that this worker cannot fetch (s3, ipfs, repoClone,
     * repoCloneLFS).
     */
    STORAGE_SOURCE_UNSUPPORTED,
    /**
     * A storage {@code Name} is missing where needed, or has a slash, a control character, or is
     * {@code .} or {@code ..}.
     */
    INVALID_STORAGE_NAME,
    /** Two inputs, or two outputs, have the same {@code Name}. */
    DUPLICATE_STORAGE_NAME,
    /**
     * A storage {@code Path} or {@code SourcePath} is missing, relative, not normalized, or has a
     * control character.
     */
    INVALID_STORAGE_PATH,
    /** Two inputs or outputs use the same {@code Path} inside the job. */
    DUPLICATE_STORAGE_PATH,
    /** A urlDownload {@code URL} is missing, not a URL, or not {@code http} or {@code https}. */
    INVALID_URL,
    /** A urlDownload {@code URL} names a loopback, link-local, private or local-only host. */
    URL_HOST_NOT_ALLOWED,
    /** An inline {@code URL} is missing or not a well-formed {@code data:} URL. */
    INVALID_DATA_URL,
    /** Inline content decodes to more than {@code trawler.validation.max-inline-bytes}. */
    INLINE_DATA_TOO_LARGE,
    /**
     * A localDirectory {@code SourcePath} is outside {@code
     * trawler.validation.allowed-local-directories}.
     */
    LOCAL_DIRECTORY_NOT_ALLOWED,
    /**
     * A localDirectory spec sets {@code ReadWrite}; local directories are only mounted read-only.
     */
    LOCAL_DIRECTORY_READ_WRITE,

    // Placement.

    /**
     * A node selector has an invalid key, an unknown operator, or values that do not fit its
     * operator.
     */
    INVALID_NODE_SELECTOR,
    /**
     * {@code Deal} asks for more than one run, has a negative number, or an unknown or unsupported
     * targeting mode.
     */
    INVALID_DEAL,
    /**
     * The job's node selectors do not match this worker's labels ({@code trawler.worker.labels}).
     */
    NODE_SELECTOR_MISMATCH
}
