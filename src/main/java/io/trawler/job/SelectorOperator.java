package io.trawler.job;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The operator of a node selector requirement. Bacalhau writes Kubernetes' selection spellings
 * ({@code in}, {@code notin}, {@code exists}, {@code !}, {@code gt}, {@code lt}); the names of
 * Kubernetes' label selector API ({@code In}, {@code NotIn}, {@code DoesNotExist}, …) and the
 * equality forms {@code =}, {@code ==} and {@code !=} are read too.
 */
public enum SelectorOperator {
    /** The label is present and its value is one of the values. */
    IN,
    /** The label is absent, or its value is none of the values. */
    NOT_IN,
    /** The label is present, whatever its value. */
    EXISTS,
    /** The label is absent. */
    DOES_NOT_EXIST,
    /** The label is present and, as an integer, greater than the one value. */
    GREATER_THAN,
    /** The label is present and, as an integer, less than the one value. */
    LESS_THAN;

    private static final Map<String, SelectorOperator> SPELLINGS =
            Map.ofEntries(
                    Map.entry("in", IN),
                    Map.entry("=", IN),
                    Map.entry("==", IN),
                    Map.entry("notin", NOT_IN),
                    Map.entry("!=", NOT_IN),
                    Map.entry("exists", EXISTS),
                    Map.entry("doesnotexist", DOES_NOT_EXIST),
                    Map.entry("!", DOES_NOT_EXIST),
                    Map.entry("gt", GREATER_THAN),
                    Map.entry("lt", LESS_THAN));

    /** Reads an operator case-insensitively; empty when it is none of these. */
    public static Optional<SelectorOperator> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(SPELLINGS.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** Whether the operator compares against a list of values (rather than none or one). */
    public boolean takesValueList() {
        return this == IN || this == NOT_IN;
    }

    /** Whether the operator takes no values at all. */
    public boolean takesNoValues() {
        return this == EXISTS || this == DOES_NOT_EXIST;
    }
}
