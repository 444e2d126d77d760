package io.trawler.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of {@code /q/metrics} in the Prometheus text format, read into samples: a series name,
 * its labels and its value. Comment lines ({@code # HELP}, {@code # TYPE}) are skipped.
 */
final class PrometheusText {

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One line of the scrape. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample: " + line);
            }
            samples.add(
                    new Sample(sample.group(1), labels(sample.group(2)), value(sample.group(3))));
        }
        return new PrometheusText(samples);
    }

    /** Every sample of one series name. */
    List<Sample> series(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** The label names that the samples of a series name carry, over all of them. */
    Set<String> labelNames(String name) {
        Set<String> names = new TreeSet<>();
        series(name).forEach(sample -> names.addAll(sample.labels().keySet()));
        return names;
    }

    /** The value of the one sample of {@code name} whose labels include {@code labels}. */
    Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> matching =
                series(name).stream()
                        .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                        .toList();
        if (matching.size() > 1) {
            throw new IllegalArgumentException(
                    matching.size() + " samples of " + name + " match " + labels);
        }
        return matching.stream().findFirst().map(Sample::value);
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2).replaceAll("\\\\(.)", "$1"));
        }
        return labels;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
