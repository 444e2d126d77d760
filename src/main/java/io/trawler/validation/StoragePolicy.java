package io.trawler.validation;

import java.util.List;

/**
 * What storage specs may reach on this worker.
 *
 * @param maxInlineBytes the most bytes inline content may decode to
 * @param localDirectories host directories that localDirectory storage may use; none when empty
 * @param allowPrivateUrlHosts whether urlDownload may fetch from loopback, link-local and private
 *     hosts
 */
public record StoragePolicy(
        long maxInlineBytes,
        List<LocalDirectoryGrant> localDirectories,
        boolean allowPrivateUrlHosts) {

    public StoragePolicy {
        localDirectories = List.copyOf(localDirectories);
    }

    /** The policy the settings reference gives as defaults: 1 MiB inline, no host directories. */
    public static StoragePolicy defaults() {
        return new StoragePolicy(1024 * 1024, List.of(), false);
    }

    /**
     * The grant that lets a job read (and, if asked, write) {@code sourcePath}, if there is one.
     */
    boolean allows(String sourcePath, boolean write) {
        for (LocalDirectoryGrant grant : localDirectories) {
            if (grant.covers(sourcePath) && (grant.readWrite() || !write)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A host directory that jobs may mount, read-only unless {@code readWrite}.
     *
     * @param directory an absolute, normalized path without a trailing slash ({@code /} for the
     *     whole host)
     * @param readWrite whether jobs may mount it writable
     */
    public record LocalDirectoryGrant(String directory, boolean readWrite) {

        private static final String READ_WRITE_SUFFIX = ":rw";

        public LocalDirectoryGrant {
            if (!StorageChecks.isNormalizedAbsolutePath(directory)) {
                throw new IllegalArgumentException(
                        "an allowed local directory must be an absolute, normalized path: "
                                + directory);
            }
            directory =
                    directory.length() > 1 && directory.endsWith("/")
                            ? directory.substring(0, directory.length() - 1)
                            : directory;
        }

        /** Reads a setting entry: {@code /data/shared} or {@code /data/scratch:rw}. */
        public static LocalDirectoryGrant parse(String entry) {
            String trimmed = entry.trim();
            if (trimmed.endsWith(READ_WRITE_SUFFIX)) {
                return new LocalDirectoryGrant(
                        trimmed.substring(0, trimmed.length() - READ_WRITE_SUFFIX.length()), true);
            }
            if (trimmed.endsWith(":ro")) {
                return new LocalDirectoryGrant(trimmed.substring(0, trimmed.length() - 3), false);
            }
            return new LocalDirectoryGrant(trimmed, false);
        }

        boolean covers(String path) {
            return directory.equals("/")
                    || path.equals(directory)
                    || path.startsWith(directory + "/");
        }
    }
}
