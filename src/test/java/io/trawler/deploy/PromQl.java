package io.trawler.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    private static final Pattern NAMED_SELECTOR =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER =
            Pattern.compile(
                    "([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
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

    /**
     * One label matcher of a selector, such as {@code state=~"failed|timed_out"}.
     *
     * @param metric the metric name the selector names
     * @param label the label it matches on
     * @param operator {@code =}, {@code !=}, {@code =~} or {@code !~}
     * @param value the value or regular expression, unquoted
     */
    record LabelMatcher(String metric, String label, String operator, String value) {}

    private PromQl() {}

    /** The label matchers of every selector that names its metric, in the order written. */
    static List<LabelMatcher> labelMatchers(String expression) {
        List<LabelMatcher> matchers = new ArrayList<>();
        Matcher selector = NAMED_SELECTOR.matcher(expression);
        while (selector.find()) {
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                matchers.add(
                        new LabelMatcher(
                                selector.group(1),
                                matcher.group(1),
                                matcher.group(2),
                                matcher.group(3)));
            }
        }
        return matchers;
    }

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
