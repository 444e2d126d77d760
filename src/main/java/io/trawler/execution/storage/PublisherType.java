package io.trawler.execution.storage;

import io.trawler.job.PublisherSpec;
import java.util.Arrays;
import java.util.Optional;

/** The publishers a job's {@code PublisherSpec} may name, and which ones this worker has. */
enum PublisherType {
    /** Keeps nothing: outputs are measured and reported, then deleted with the workspace. */
    NOOP("noop", true),
    /** Moves outputs into a directory on this worker's host. */
    LOCAL("local", true),
    S3("s3", false),
    IPFS("ipfs", false),
    ESTUARY("estuary", false);

    private final String wireName;
    private final boolean supported;

    PublisherType(String wireName, boolean supported) {
        this.wireName = wireName;
        this.supported = supported;
    }

    /**
     * The publisher a job asks for; a job without a publisher spec, or with an empty type, gets
     * {@link #NOOP}.
     */
    static PublisherType of(PublisherSpec spec) throws StorageException {
        if (spec == null || spec.type() == null || spec.type().isBlank()) {
            return NOOP;
        }
        Optional<PublisherType> type =
                Arrays.stream(values())
                        .filter(
                                candidate ->
                                        candidate.wireName.equalsIgnoreCase(spec.type().trim()))
                        .findFirst();
        if (type.isEmpty() || !type.get().supported) {
            throw StorageException.publish(
                    "publisher "
                            + spec.type()
                            + " is not supported on this worker; use local or noop");
        }
        return type.get();
    }

    String wireName() {
        return wireName;
    }
}
