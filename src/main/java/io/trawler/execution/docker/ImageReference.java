package io.trawler.execution.docker;

/**
 * A job's image as the engine names it: a repository with a tag or a digest. A reference without
 * either means the {@code latest} tag, as the Docker CLI reads it; the engine itself would pull
 * every tag of the repository.
 *
 * @param repository the repository, with its registry host when it has one
 * @param tag the tag, or empty when a digest is given
 * @param digest the digest ({@code sha256:…}), or empty
 */
record ImageReference(String repository, String tag, String digest) {

    static ImageReference parse(String image) {
        String text = image.trim();
        int at = text.indexOf('@');
        if (at >= 0) {
            return new ImageReference(text.substring(0, at), "", text.substring(at + 1));
        }
        int colon = text.lastIndexOf(':');
        if (colon > text.lastIndexOf('/')) {
            return new ImageReference(text.substring(0, colon), text.substring(colon + 1), "");
        }
        return new ImageReference(text, "latest", "");
    }

    /** What the engine's create and inspect calls take. */
    String name() {
        return digest.isEmpty() ? repository + ":" + tag : repository + "@" + digest;
    }

    /** The tag or digest part of a pull request. */
    String pullTag() {
        return digest.isEmpty() ? tag : digest;
    }

    @Override
    public String toString() {
        return name();
    }
}
