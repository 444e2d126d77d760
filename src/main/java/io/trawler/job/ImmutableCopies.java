package io.trawler.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unmodifiable copies that, unlike {@code List.copyOf}, keep null elements: a document may hold
 * them, and validation must see them to report them.
 */
final class ImmutableCopies {

    private ImmutableCopies() {}

    static <T> List<T> immutableList(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    static <K, V> Map<K, V> immutableMap(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
