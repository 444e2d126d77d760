package io.trawler.job;

import java.util.Optional;

/** The storage sources a Bacalhau storage spec may name, with the spelling its JSON uses. */
public enum StorageSource {
    /** Content carried in the document itself, as a {@code data:} URL. */
    INLINE("inline"),
    /** A file fetched over HTTP or HTTPS from {@code URL}. */
    URL_DOWNLOAD("urlDownload"),
    /** A directory of the worker's host, {@code SourcePath}. */
    LOCAL_DIRECTORY("localDirectory"),
    /** An object or prefix in an S3 bucket. */
    S3("s3"),
    /** Content on IPFS, named by {@code CID}. */
    IPFS("ipfs"),
    /** A git repository cloned from {@code Repo}. */
    REPO_CLONE("repoClone"),
    /** A git repository cloned with its Git LFS files. */
    REPO_CLONE_LFS("repoCloneLFS");

    private final String wireName;

    StorageSource(String wireName) {
        this.wireName = wireName;
    }

    /** The name as Bacalhau writes it in {@code StorageSource}. */
    public String wireName() {
        return wireName;
    }

    /** Reads a source name case-insensitively, as Bacalhau does; empty when it is none of these. */
    public static Optional<StorageSource> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String trimmed = name.trim();
        for (StorageSource source : values()) {
            if (source.wireName.equalsIgnoreCase(trimmed)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
