package io.trawler.validation;

import io.trawler.job.ImageReference;
import java.util.List;
import java.util.Locale;

/**
 * Which docker images a job may run.
 *
 * @param allowedRepositories registries or repositories images must come from, written with the
 *     registry first ({@code docker.io/library/busybox}, {@code ghcr.io/acme}, {@code
 *     registry.local:5000}); an entry allows the repository it names and every one below it. Any
 *     image is allowed when the list is empty.
 * @param requireDigest whether an image must be pinned by digest
 */
public record ImagePolicy(List<String> allowedRepositories, boolean requireDigest) {

    public ImagePolicy {
        allowedRepositories =
                allowedRepositories.stream()
                        .map(ImagePolicy::normalized)
                        .filter(entry -> !entry.isEmpty())
                        .toList();
    }

    /** Every image allowed, tags as good as digests. */
    public static ImagePolicy anyImage() {
        return new ImagePolicy(List.of(), false);
    }

    /** Whether the allowlist lets {@code image} run. */
    public boolean allows(ImageReference image) {
        if (allowedRepositories.isEmpty()) {
            return true;
        }
        String repository = image.repository().toLowerCase(Locale.ROOT);
        for (String allowed : allowedRepositories) {
            if (repository.equals(allowed) || repository.startsWith(allowed + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String normalized(String entry) {
        String trimmed = entry.trim().toLowerCase(Locale.ROOT);
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.startsWith("index.docker.io")
                ? ImageReference.DOCKER_HUB + trimmed.substring("index.docker.io".length())
                : trimmed;
    }
}
