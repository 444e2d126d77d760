package io.trawler.validation;

import io.trawler.job.LabelSelectorRequirement;
import io.trawler.job.SelectorOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches node selectors against one worker's labels, as Kubernetes matches label selectors: a job
 * fits the worker when every requirement is met.
 *
 * <p>Matching is a pure function of the requirements and the labels. A requirement that is not
 * well-formed (unknown operator, missing values, a non-integer for {@code Gt} or {@code Lt}) is
 * never met; {@link JobValidator#validate} reports such requirements as {@link
 * ViolationCode#INVALID_NODE_SELECTOR} before matching is ever asked.
 */
public final class NodeSelectorMatcher {

    private final Map<String, String> labels;

    /** A matcher for a worker with these labels. */
    public NodeSelectorMatcher(Map<String, String> labels) {
        this.labels = Map.copyOf(labels);
    }

    /** Whether the worker meets {@code requirement}. */
    public boolean matches(LabelSelectorRequirement requirement) {
        if (requirement == null) {
            return false;
        }
        Optional<SelectorOperator> operator = SelectorOperator.parse(requirement.operator());
        if (operator.isEmpty()) {
            return false;
        }
        String value = requirement.key() == null ? null : labels.get(requirement.key());
        List<String> values = requirement.values();
        return switch (operator.get()) {
            case IN -> value != null && values.contains(value);
            case NOT_IN -> !values.isEmpty() && (value == null || !values.contains(value));
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
            case GREATER_THAN -> compare(value, values).filter(sign -> sign > 0).isPresent();
            case LESS_THAN -> compare(value, values).filter(sign -> sign < 0).isPresent();
        };
    }

    /** The indexes of the requirements the worker does not meet; empty when it meets them all. */
    public List<Integer> unmet(List<LabelSelectorRequirement> requirements) {
        List<Integer> unmet = new ArrayList<>();
        for (int i = 0; i < requirements.size(); i++) {
            if (!matches(requirements.get(i))) {
                unmet.add(i);
            }
        }
        return List.copyOf(unmet);
    }

    /** The label this worker has for {@code key}, if any. */
    public Optional<String> label(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(labels.get(key));
    }

    /** The sign of label minus the one value; empty when either is not an integer. */
    private static Optional<Integer> compare(String label, List<String> values) {
        if (label == null
                || values.size() != 1
                || values.get(0) == null
                || !NodeSelectorChecks.INTEGER.matcher(label).matches()
                || !NodeSelectorChecks.INTEGER.matcher(values.get(0)).matches()) {
            return Optional.empty();
        }
        return Optional.of(Long.compare(Long.parseLong(label), Long.parseLong(values.get(0))));
    }
}
