package io.trawler.deploy;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names a PromQL expression reads. Enough of PromQL for dashboard queries:
 * selectors, ranges, aggregations with {@code by}/{@code without}, vector matching and Grafana's
 * {@code label_values(...)}; it does not validate the expression.
 */
final class PromQl {

    private static final Pattern STRING =
            Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*(?:,[^)]*)?\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS =
            Set.of(
                    "and",
                    "or",
                    "unless",
                    "bool",
                    "offset",
                    "by",
                    "without",
                    "on",
                    "ignoring",
                    "group_left",
                    "group_right",
                    "inf",
                    "nan");

    private PromQl() {}

    static Set<String> metricNames(String expression) {
        Set<String> names = new LinkedHashSet<>();
        String rest = STRING.matcher(expression).replaceAll(" ");
        rest = SELECTOR.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");

        Matcher labelValues = LABEL_VALUES.matcher(rest);
        while (labelValues.find()) {
            if (labelValues.group(1) != null) {
                names.add(labelValues.group(1));
            }
        }
        rest = labelValues.replaceAll(" ");
        rest = LABEL_LIST.matcher(rest).replaceAll(" ");

        Matcher identifiers = IDENTIFIER.matcher(rest);
        while (identifiers.find()) {
            String identifier = identifiers.group();
            boolean isFunction = rest.substring(identifiers.end()).stripLeading().startsWith("(");
            char before = identifiers.start() > 0 ? rest.charAt(identifiers.start() - 1) : ' ';
            boolean isNumberOrVariable =
                    Character.isDigit(before) || before == '.' || before == '$';
            if (!isFunction
                    && !isNumberOrVariable
                    && !KEYWORDS.contains(identifier.toLowerCase(Locale.ROOT))) {
                names.add(identifier);
            }
        }
        return names;
    }
}
