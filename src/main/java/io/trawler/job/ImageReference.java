package io.trawler.job;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference, read by the grammar of the distribution project's {@code reference}
 * package, which Docker and most registries use: {@code [registry[:port]/]path[:tag][@digest]}.
 *
 * <p>Names are normalized as Docker normalizes them: an image without a registry is on Docker Hub
 * ({@value #DOCKER_HUB}, also written {@code index.docker.io}), and a Docker Hub image whose path
 * has one component is an official image under {@code library/}. So {@code busybox:1.35} is {@code
 * docker.io/library/busybox:1.35}. The first component is a registry when it contains a dot or a
 * colon, is {@code localhost}, or has an upper-case letter; otherwise it is part of the path.
 *
 * @param registry the registry host with its port, if one was given: {@code ghcr.io}, {@code
 *     localhost:5000}
 * @param path the repository inside the registry: {@code library/busybox}
 * @param tag the tag, when the reference has one
 * @param digest the content digest, {@code algorithm:hex}, when the reference has one
 */
public record ImageReference(
        String registry, String path, Optional<String> tag, Optional<String> digest) {

    /** The registry of images that name none. */
    public static final String DOCKER_HUB = "docker.io";

    private static final String LEGACY_DOCKER_HUB = "index.docker.io";
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_REFERENCE_LENGTH = 1024;

    private static final Pattern PATH_COMPONENT =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN_COMPONENT =
            Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?");
    private static final Pattern IPV6_HOST = Pattern.compile("\\[[a-fA-F0-9:]+\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST_ALGORITHM =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{32,}");
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    /** Hex digits of the digest algorithms registries verify; a digest is lower-case hex. */
    private static final Map<String, Integer> DIGEST_HEX_LENGTHS =
            Map.of("sha256", 64, "sha384", 96, "sha512", 128);

    public ImageReference {
        tag = tag == null ? Optional.empty() : tag;
        digest = digest == null ? Optional.empty() : digest;
    }

    /**
     * Parses a reference.
     *
     * @throws IllegalArgumentException when {@code text} is not a reference; the message says which
     *     part is wrong
     */
    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid("the image reference is empty");
        }
        if (text.length() > MAX_REFERENCE_LENGTH) {
            throw invalid(
                    "the image reference is longer than " + MAX_REFERENCE_LENGTH + " characters");
        }
        if (IMAGE_ID.matcher(text).matches()) {
            throw invalid("a bare 64-digit image ID names no repository to pull from");
        }

        String rest = text;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(checkDigest(rest.substring(at + 1)));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(checkTag(rest.substring(colon + 1)));
            rest = rest.substring(0, colon);
        }

        String[] name = splitRegistry(rest);
        String registry = name[0];
        String path = checkPath(name[1]);
        if (registry.length() + 1 + path.length() > MAX_NAME_LENGTH) {
            throw invalid("the repository name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /** Parses a reference, or returns empty when {@code text} is not one. */
    public static Optional<ImageReference> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException notAReference) {
            return Optional.empty();
        }
    }

    /** The registry and path: {@code docker.io/library/busybox}. */
    public String repository() {
        return registry + "/" + path;
    }

    /** Whether the reference names its content by digest, so that it cannot change under a tag. */
    public boolean isPinned() {
        return digest.isPresent();
    }

    /** The normalized reference: {@code docker.io/library/busybox:1.35}. */
    @Override
    public String toString() {
        return repository()
                + tag.map(t -> ":" + t).orElse("")
                + digest.map(d -> "@" + d).orElse("");
    }

    private static String[] splitRegistry(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {DOCKER_HUB, "library/" + name};
        }
        String first = name.substring(0, slash);
        String remainder = name.substring(slash + 1);
        boolean isRegistry =
                first.equals("localhost")
                        || first.indexOf('.') >= 0
                        || first.indexOf(':') >= 0
                        || !first.toLowerCase(Locale.ROOT).equals(first);
        if (!isRegistry) {
            return new String[] {DOCKER_HUB, name};
        }
        checkRegistry(first);
        String registry = first.equals(LEGACY_DOCKER_HUB) ? DOCKER_HUB : first;
        if (registry.equals(DOCKER_HUB) && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        return new String[] {registry, remainder};
    }

    private static void checkRegistry(String registry) {
        String host = registry;
        if (registry.startsWith("[")) {
            int close = registry.indexOf(']');
            host = close < 0 ? registry : registry.substring(0, close + 1);
            if (!IPV6_HOST.matcher(host).matches()) {
                throw invalid("the registry is not a valid IPv6 address in brackets");
            }
        } else if (registry.indexOf(':') >= 0) {
            host = registry.substring(0, registry.indexOf(':'));
        }
        String port = registry.substring(host.length());
        if (!port.isEmpty()
                && !(port.startsWith(":") && PORT.matcher(port.substring(1)).matches())) {
            throw invalid("the registry has an invalid port");
        }
        if (host.startsWith("[")) {
            return;
        }
        for (String component : host.split("\\.", -1)) {
            if (!DOMAIN_COMPONENT.matcher(component).matches()) {
                throw invalid("the registry is not a valid host name");
            }
        }
    }

    private static String checkPath(String path) {
        if (!path.toLowerCase(Locale.ROOT).equals(path)) {
            throw invalid("the repository must be lower case");
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(
                        "a repository component must be lower-case letters and digits, separated"
                                + " by one '.', one or two '_', or dashes");
            }
        }
        return path;
    }

    private static String checkTag(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw invalid(
                    "the tag must be 1 to 128 letters, digits, '_', '.' or '-', not starting with"
                            + " '.' or '-'");
        }
        return tag;
    }

    private static String checkDigest(String digest) {
        int colon = digest.indexOf(':');
        String algorithm = colon < 0 ? "" : digest.substring(0, colon);
        String hex = colon < 0 ? "" : digest.substring(colon + 1);
        if (!DIGEST_ALGORITHM.matcher(algorithm).matches() || !HEX.matcher(hex).matches()) {
            throw invalid("the digest must be algorithm:hex, such as sha256: and 64 hex digits");
        }
        Integer length = DIGEST_HEX_LENGTHS.get(algorithm);
        if (length == null) {
            throw invalid("the digest algorithm must be sha256, sha384 or sha512");
        }
        if (hex.length() != length || !hex.toLowerCase(Locale.ROOT).equals(hex)) {
            throw invalid("a " + algorithm + " digest is " + length + " lower-case hex digits");
        }
        return digest;
    }

    private static IllegalArgumentException invalid(String reason) {
        return new IllegalArgumentException(reason);
    }
}
