package io.trawler.validation;

import io.trawler.job.LabelSelectorRequirement;
import io.trawler.job.SelectorOperator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the syntax of node selectors as Kubernetes defines label selectors: keys are label keys
 * ({@code [prefix/]name}), values are label values, and each operator takes the values it needs.
 * Whether this worker matches them is a separate question; see {@link NodeSelectorMatcher}.
 */
final class NodeSelectorChecks {

    private static final int MAX_SELECTORS = 64;
    private static final int MAX_VALUES = 64;
    private static final Pattern LABEL_NAME =
            Pattern.compile("[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE =
            Pattern.compile("(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile(
                    "[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*");
    static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private NodeSelectorChecks() {}

    static void check(List<LabelSelectorRequirement> selectors, Violations violations) {
        JsonPath path = JsonPath.ROOT.field("Spec").field("NodeSelectors");
        if (selectors.size() > MAX_SELECTORS) {
            violations.add(
                    ViolationCode.INVALID_NODE_SELECTOR,
                    path,
                    "at most "
                            + MAX_SELECTORS
                            + " node selectors may be given, got "
                            + selectors.size());
            return;
        }
        for (int i = 0; i < selectors.size(); i++) {
            LabelSelectorRequirement selector = selectors.get(i);
            if (selector == null) {
                violations.add(
                        ViolationCode.INVALID_NODE_SELECTOR,
                        path.index(i),
                        "a node selector cannot be null");
                continue;
            }
            checkKey(selector.key(), path.index(i).field("Key"), violations);
            checkOperatorAndValues(selector, path.index(i), violations);
        }
    }

    /** Whether {@code key} is a Kubernetes label key: {@code [DNS subdomain/]name}. */
    static boolean isLabelKey(String key) {
        if (key == null) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return LABEL_NAME.matcher(name).matches();
    }

    private static void checkKey(String key, JsonPath path, Violations violations) {
        if (!isLabelKey(key)) {
            violations.add(
                    ViolationCode.INVALID_NODE_SELECTOR,
                    path,
                    "Key must be a label key: an optional DNS prefix and '/', then 1 to 63 letters,"
                        + " digits, '-', '_' or '.', starting and ending with a letter or digit;"
                        + " got "
                            + Violations.quote(key));
        }
    }

    private static void checkOperatorAndValues(
            LabelSelectorRequirement selector, JsonPath path, Violations violations) {
        Optional<SelectorOperator> operator = SelectorOperator.parse(selector.operator());
        if (operator.isEmpty()) {
            violations.add(
                    ViolationCode.INVALID_NODE_SELECTOR,
                    path.field("Operator"),
                    "Operator must be In, NotIn, Exists, DoesNotExist, Gt or Lt, got "
                            + Violations.quote(selector.operator()));
            return;
        }
        List<String> values = selector.values();
        JsonPath valuesPath = path.field("Values");
        Optional<String> problem = valuesProblem(operator.get(), values);
        if (problem.isPresent()) {
            violations.add(ViolationCode.INVALID_NODE_SELECTOR, valuesPath, problem.get());
            return;
        }
        if (!operator.get().takesValueList()) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                violations.add(
                        ViolationCode.INVALID_NODE_SELECTOR,
                        valuesPath.index(i),
                        "a value must be a label value: up to 63 letters, digits, '-', '_' or '.',"
                                + " starting and ending with a letter or digit; got "
                                + Violations.quote(value));
            }
        }
    }

    private static Optional<String> valuesProblem(SelectorOperator operator, List<String> values) {
        if (operator.takesNoValues() && !values.isEmpty()) {
            return Optional.of("Exists and DoesNotExist take no Values");
        }
        if (operator.takesValueList() && (values.isEmpty() || values.size() > MAX_VALUES)) {
            return Optional.of("In and NotIn take 1 to " + MAX_VALUES + " Values");
        }
        boolean comparison = !operator.takesNoValues() && !operator.takesValueList();
        if (comparison
                && (values.size() != 1
                        || values.get(0) == null
                        || !INTEGER.matcher(values.get(0)).matches())) {
            return Optional.of("Gt and Lt take exactly one value, an integer");
        }
        return Optional.empty();
    }
}
