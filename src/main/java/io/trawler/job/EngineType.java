package io.trawler.job;

import java.util.Locale;
import java.util.Optional;

/** The engines a Bacalhau job may name, with the spelling {@code EngineSpec.Type} uses. */
public enum EngineType {
    DOCKER("docker"),
    WASM("wasm"),
    NOOP("noop");

    private final String wireName;

    EngineType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name as Bacalhau writes it in {@code EngineSpec.Type}, and as metrics and events tag it.
     */
    public String wireName() {
        return wireName;
    }

    /** Reads an engine name case-insensitively; empty when the name is none of ours. */
    public static Optional<EngineType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (EngineType type : values()) {
            if (type.wireName.equals(lower)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
