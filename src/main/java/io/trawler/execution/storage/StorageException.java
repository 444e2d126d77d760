package io.trawler.execution.storage;

import io.trawler.execution.FailureReason;
import java.util.Objects;

/**
 * A job's input that cannot be staged or its output that cannot be published. It is the job's fault
 * or a limit of this worker, never a bug: the executor turns it into a failed outcome with {@link
 * #reason()} and the exception's message, which is written for the job's owner.
 */
public final class StorageException extends Exception {

    private final FailureReason reason;

    public StorageException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public StorageException(FailureReason reason, String message) {
        this(reason, message, null);
    }

    static StorageException input(String message) {
        return new StorageException(FailureReason.INPUT_UNAVAILABLE, message);
    }

    static StorageException input(String message, Throwable cause) {
        return new StorageException(FailureReason.INPUT_UNAVAILABLE, message, cause);
    }

    static StorageException publish(String message) {
        return new StorageException(FailureReason.PUBLISH_FAILED, message);
    }

    static StorageException publish(String message, Throwable cause) {
        return new StorageException(FailureReason.PUBLISH_FAILED, message, cause);
    }

    /** How the job fails because of this. */
    public FailureReason reason() {
        return reason;
    }
}
