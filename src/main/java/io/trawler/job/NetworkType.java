package io.trawler.job;

import java.util.Optional;

/** The network access a job may ask for in {@code Network.Type}. */
public enum NetworkType {
    /** No network at all; the default when a job names none. */
    NONE("None"),
    /** Unrestricted network access. */
    FULL("Full"),
    /** HTTP and HTTPS only, to the hosts listed in {@code Network.Domains}. */
    HTTP("HTTP");

    private final String wireName;

    NetworkType(String wireName) {
        this.wireName = wireName;
    }

    /** The name as Bacalhau writes it. */
    public String wireName() {
        return wireName;
    }

    /** Reads a network type case-insensitively; empty when it is none of these. */
    public static Optional<NetworkType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String trimmed = name.trim();
        for (NetworkType type : values()) {
            if (type.wireName.equalsIgnoreCase(trimmed)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
