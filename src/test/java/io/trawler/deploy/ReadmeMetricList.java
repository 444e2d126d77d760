package io.trawler.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric table of the README's "Operating Trawler" section: one row per metric, with its
 * Prometheus name, type, tags and meaning.
 */
final class ReadmeMetricList {

    static final Path README = Path.of("README.md");
    static final String SECTION = "## Operating Trawler";
    static final String HEADER = "| metric | type | tags | meaning |";

    private static final Pattern ROW =
            Pattern.compile(
                    "^\\|\\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\\s*\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|\\s*$");
    private static final List<String> HISTOGRAM_SERIES = List.of("_bucket", "_count", "_sum");

    /** A row of the table. */
    record Metric(String name, String type, List<String> tags, String meaning) {}

    private ReadmeMetricList() {}

    static List<Metric> read() {
        try {
            return parse(Files.readAllLines(README));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Metric> parse(List<String> lines) {
        List<Metric> metrics = new ArrayList<>();
        boolean inSection = false;
        boolean inTable = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.equals(SECTION);
                inTable = false;
            } else if (inSection && line.trim().equalsIgnoreCase(HEADER)) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                inTable = false;
            } else if (inTable) {
                row(line).ifPresent(metrics::add);
            }
        }
        return metrics;
    }

    private static Optional<Metric> row(String line) {
        Matcher matcher = ROW.matcher(line);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        List<String> tags = new ArrayList<>();
        Matcher tag = Pattern.compile("`([^`]+)`").matcher(matcher.group(3));
        while (tag.find()) {
            tags.add(tag.group(1));
        }
        return Optional.of(
                new Metric(
                        matcher.group(1), matcher.group(2).trim(), tags, matcher.group(4).trim()));
    }

    /** Whether a series name is a listed metric or one of a listed histogram's series. */
    static boolean covers(List<Metric> metrics, String series) {
        for (Metric metric : metrics) {
            if (metric.name().equals(series)) {
                return true;
            }
            if (metric.type().equals("histogram")
                    && HISTOGRAM_SERIES.stream().anyMatch(s -> series.equals(metric.name() + s))) {
                return true;
            }
        }
        return false;
    }
}
