package io.trawler.execution.storage;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code StorageSource} values of Bacalhau storage specs, and which ones this worker stages.
 */
enum StorageSource {
    INLINE("inline", true),
    LOCAL_DIRECTORY("localDirectory", true),
    URL_DOWNLOAD("urlDownload", true),
    S3("s3", false),
    IPFS("ipfs", false),
    REPO_CLONE("repoClone", false),
    REPO_CLONE_LFS("repoCloneLFS", false);

    private final String wireName;
    private final boolean supported;

    StorageSource(String wireName, boolean supported) {
        this.wireName = wireName;
        this.supported = supported;
    }

    /** The source a spec names, compared case-insensitively, or empty for an unknown name. */
    static Optional<StorageSource> parse(String text) {
        return Arrays.stream(values())
                .filter(source -> source.wireName.equalsIgnoreCase(text))
                .findFirst();
    }

    String wireName() {
        return wireName;
    }

    boolean supported() {
        return supported;
    }

    /** The wire names of the supported sources, for messages. */
    static String supportedNames() {
        return String.join(
                ", ",
                Arrays.stream(values())
                        .filter(StorageSource::supported)
                        .map(StorageSource::wireName)
                        .toList());
    }
}
