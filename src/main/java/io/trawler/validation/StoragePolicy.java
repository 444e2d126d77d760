package io.trawler.validation;

import io.trawler.config.TrawlerConfig;
import java.util.List;

/**
 * What storage specs may reach on this worker. Validation judges specs by it, and the stages that
 * fetch inputs and modules read their allowed directories and inline limit from it too, so that
 * every stage applies the same settings.
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
     * Reads the {@code trawler.validation.*} storage settings, refusing ones that make no sense.
     */
    public static StoragePolicy from(TrawlerConfig.Validation validation) {
        if (validation.maxInlineBytes() < 0) {
            throw new IllegalArgumentException(
                    "trawler.validation.max-inline-bytes cannot be negative");
        }
        List<LocalDirectoryGrant> grants =
                validation.allowedLocalDirectories().orElse(List.of()).stream()
                        .filter(entry -> !entry.isBlank())
                        .map(LocalDirectoryGrant::parse)
                        .toList();
        return new StoragePolicy(
                validation.maxInlineBytes(), grants, validation.allowPrivateUrlHosts());
    }

    /** Whether a grant covers {@code sourcePath}. */
    boolean allows(String sourcePath) {
        return localDirectories.stream().anyMatch(grant -> grant.covers(sourcePath));
    }

    /**
     * A host directory that jobs may mount, always read-only.
     *
     * @param directory an absolute, normalized path without a trailing slash ({@code /} for the
     *     whole host)
     */
    public record LocalDirectoryGrant(String directory) {

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

        /**
         * Reads a setting entry such as {@code /data/shared}. An access suffix ({@code :rw} or
         * {@code :ro}) is refused rather than read as part of the path: every executor mounts local
         * directories read-only.
         */
        public static LocalDirectoryGrant parse(String entry) {
            String trimmed = entry.trim();
            if (trimmed.endsWith(":rw") || trimmed.endsWith(":ro")) {
                throw new IllegalArgumentException(
                        "trawler.validation.allowed-local-directories takes plain directories,"
                                + " without :rw or :ro; local directories are always mounted"
                                + " read-only: "
                                + trimmed);
            }
            return new LocalDirectoryGrant(trimmed);
        }

        boolean covers(String path) {
            return directory.equals("/")
                    || path.equals(directory)
                    || path.startsWith(directory + "/");
        }
    }
}
