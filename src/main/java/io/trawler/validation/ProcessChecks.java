package io.trawler.validation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks what a job's process starts with, for docker and wasm alike: its arguments and its
 * environment. Every entry must be something an operating system can pass (no NUL), names must be
 * unambiguous, and the totals must stay within the operator's limits.
 */
final class ProcessChecks {

    /** One list of arguments and where it is in the document. */
    record Arguments(JsonPath path, List<String> values) {}

    private final SpecLimits limits;

    ProcessChecks(SpecLimits limits) {
        this.limits = limits;
    }

    /** Checks lists of arguments that are passed together, such as Entrypoint and Parameters. */
    void checkArguments(List<Arguments> lists, Violations violations) {
        int count = 0;
        long bytes = 0;
        for (Arguments list : lists) {
            for (int i = 0; i < list.values().size(); i++) {
                String argument = list.values().get(i);
                JsonPath path = list.path().index(i);
                if (argument == null) {
                    violations.add(
                            ViolationCode.INVALID_ARGUMENT, path, "an argument cannot be null");
                    continue;
                }
                if (argument.indexOf('\0') >= 0) {
                    violations.add(
                            ViolationCode.INVALID_ARGUMENT,
                            path,
                            "an argument cannot hold a NUL character");
                }
                count++;
                bytes += utf8Length(argument);
            }
        }
        if (count > limits.maxArguments() || bytes > limits.maxArgumentBytes()) {
            violations.add(
                    ViolationCode.ARGUMENTS_TOO_LARGE,
                    lists.get(lists.size() - 1).path(),
                    String.format(
                            Locale.ROOT,
                            "the arguments are %d entries of %d bytes; this worker takes at most %d"
                                    + " entries of %d bytes",
                            count,
                            bytes,
                            limits.maxArguments(),
                            limits.maxArgumentBytes()));
        }
    }

    /** Checks a docker environment: a list of {@code NAME=value} strings. */
    void checkEnvironmentList(List<String> entries, JsonPath path, Violations violations) {
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            JsonPath entryPath = path.index(i);
            if (entry == null) {
                violations.add(
                        ViolationCode.INVALID_ENVIRONMENT_VARIABLE,
                        entryPath,
                        "an environment entry cannot be null");
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                violations.add(
                        ViolationCode.INVALID_ENVIRONMENT_VARIABLE,
                        entryPath,
                        "an environment entry is NAME=value, got " + Violations.quote(entry));
                continue;
            }
            checkVariable(
                    entry.substring(0, equals), entry.substring(equals + 1), entryPath, violations);
            bytes += utf8Length(entry);
        }
        checkEnvironmentSize(entries.size(), bytes, path, violations);
    }

    /** Checks a wasm environment: a map of names to values. */
    void checkEnvironmentMap(Map<String, String> variables, JsonPath path, Violations violations) {
        long bytes = 0;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            JsonPath entryPath = path.field(variable.getKey());
            if (variable.getValue() == null) {
                violations.add(
                        ViolationCode.INVALID_ENVIRONMENT_VARIABLE,
                        entryPath,
                        "an environment value cannot be null");
                continue;
            }
            checkVariable(variable.getKey(), variable.getValue(), entryPath, violations);
            bytes += utf8Length(variable.getKey()) + 1 + utf8Length(variable.getValue());
        }
        checkEnvironmentSize(variables.size(), bytes, path, violations);
    }

    private void checkVariable(String name, String value, JsonPath path, Violations violations) {
        if (name.isEmpty()
                || name.indexOf('=') >= 0
                || name.chars().anyMatch(Character::isISOControl)) {
            violations.add(
                    ViolationCode.INVALID_ENVIRONMENT_VARIABLE,
                    path,
                    "the variable name "
                            + Violations.quote(name)
                            + " must be non-empty, without =, NUL, newlines or other control"
                            + " characters");
        } else if (limits.deniesVariable(name)) {
            violations.add(
                    ViolationCode.ENVIRONMENT_VARIABLE_DENIED,
                    path,
                    "jobs may not set " + Violations.quote(name) + " on this worker");
        }
        if (value.indexOf('\0') >= 0) {
            violations.add(
                    ViolationCode.INVALID_ENVIRONMENT_VARIABLE,
                    path,
                    "the value of " + Violations.quote(name) + " holds a NUL character");
        }
    }

    private void checkEnvironmentSize(int count, long bytes, JsonPath path, Violations violations) {
        if (count > limits.maxEnvironmentVariables() || bytes > limits.maxEnvironmentBytes()) {
            violations.add(
                    ViolationCode.ENVIRONMENT_TOO_LARGE,
                    path,
                    String.format(
                            Locale.ROOT,
                            "the environment is %d variables of %d bytes; this worker takes at most"
                                    + " %d variables of %d bytes",
                            count,
                            bytes,
                            limits.maxEnvironmentVariables(),
                            limits.maxEnvironmentBytes()));
        }
    }

    /** The UTF-8 length of {@code text}, counted without encoding it. */
    static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
