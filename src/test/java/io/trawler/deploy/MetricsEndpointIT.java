package io.trawler.deploy;

import static io.trawler.deploy.PackagedWorker.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics of a running worker against what operators are given to read them: the README's
 * metric table and the Grafana dashboard. The worker is the packaged application; it is given a
 * valid noop job, an invalid job and an undecodable record, so that the series that only appear
 * with their first observation (run times, rejection and dead-letter reasons) exist too.
 */
class MetricsEndpointIT {

    /**
     * The Kafka client binder binds a client's metrics when the client is created and looks for new
     * ones once a minute after that; the per-partition lag metrics exist only once the consumer has
     * fetched from its partitions, so they appear at the first look, a minute after start-up.
     */
    static final Duration KAFKA_METRICS_PATIENCE = Duration.ofSeconds(150);

    /** Labels that Prometheus adds to every series from the target it scraped. */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "pod");

    /** The jobs topic as the dashboard names it: its default name. */
    static final String DASHBOARD_JOBS_TOPIC = "jobs";

    static final List<String> ENGINES = List.of("docker", "wasm", "noop");
    static final List<String> ENDED_STATES =
            List.of("completed", "failed", "timed_out", "cancelled", "interrupted");
    static final int MAX_CONCURRENT_JOBS = 3;

    /**
     * Limitation: the scheduler registers these gauges, and it is created with the first valid job,
     * so a worker that has not had one does not show them yet.
     */
    static final Set<String> SCHEDULER_GAUGES =
            Set.of("trawler_jobs_queued", "trawler_capacity_used", "trawler_capacity_total");

    static PackagedWorker worker;

    /** The scrape of the worker before it was given anything. */
    static PrometheusText atStartUp;

    @BeforeAll
    static void runAValidAnInvalidAndAnUndecodableRecordThroughAWorker() {
        worker =
                PackagedWorker.start(
                        "metrics-it",
                        Map.of(
                                "trawler.execution.max-concurrent-jobs",
                                Integer.toString(MAX_CONCURRENT_JOBS)));
        atStartUp = scrape();
        String valid = newJobId("metrics-valid");
        String invalid = newJobId("metrics-invalid");
        String undecodable = newJobId("metrics-undecodable");

        worker.submit(valid, PackagedWorker.noopJob(valid));
        worker.submit(invalid, PackagedWorker.invalidJob(invalid));
        worker.submit(undecodable, PackagedWorker.undecodableRecord());

        worker.awaitStates(valid, "Accepted", "Running", "Completed");
        worker.awaitStates(invalid, "Rejected");
        worker.awaitStates(undecodable, "Rejected");
        worker.awaitDeadLettered(invalid);
        worker.awaitDeadLettered(undecodable);
    }

    @AfterAll
    static void stopTheWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void exposesEveryMetricOfTheReadmeTableWithExactlyTheTagsItLists() {
        List<ReadmeMetricList.Metric> listed = ReadmeMetricList.read();
        assertThat(listed).isNotEmpty();

        await().atMost(KAFKA_METRICS_PATIENCE)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> {
                            PrometheusText scrape = scrape();
                            for (ReadmeMetricList.Metric metric : listed) {
                                assertListedMetric(scrape, metric);
                            }
                        });
    }

    @Test
    void exposesEveryMetricTheDashboardQueriesWithTheLabelsAndValuesItFiltersOn() {
        List<String> queries = GrafanaDashboard.read().queries();
        Set<String> queried = new TreeSet<>();
        List<PromQl.LabelMatcher> matchers = new ArrayList<>();
        queries.forEach(query -> queried.addAll(PromQl.metricNames(query)));
        queries.forEach(query -> matchers.addAll(PromQl.labelMatchers(query)));
        assertThat(queried).isNotEmpty();

        await().atMost(KAFKA_METRICS_PATIENCE)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> {
                            PrometheusText scrape = scrape();
                            for (String name : queried) {
                                assertThat(scrape.series(name)).as(name).isNotEmpty();
                            }
                            for (PromQl.LabelMatcher matcher : matchers) {
                                assertMatchesSomething(scrape, matcher);
                            }
                        });
    }

    @Test
    void countsTheValidTheInvalidAndTheUndecodableRecord() {
        PrometheusText scrape = scrape();

        assertThat(scrape.value("trawler_jobs_received_total", Map.of())).contains(3.0);
        assertThat(scrape.value("trawler_jobs_accepted_total", Map.of("engine", "noop")))
                .contains(1.0);
        assertThat(
                        scrape.value(
                                "trawler_jobs_finished_total",
                                Map.of("engine", "noop", "state", "completed")))
                .contains(1.0);
        assertThat(scrape.value("trawler_job_queue_wait_seconds_count", Map.of("engine", "noop")))
                .contains(1.0);
        assertThat(scrape.value("trawler_job_run_seconds_count", Map.of("engine", "noop")))
                .contains(1.0);
        for (String reason : List.of("UNSUPPORTED_API_VERSION", "NOT_JSON")) {
            assertThat(scrape.value("trawler_jobs_rejected_total", Map.of("reason", reason)))
                    .as(reason)
                    .contains(1.0);
            assertThat(scrape.value("trawler_dlq_records_total", Map.of("reason", reason)))
                    .as(reason)
                    .contains(1.0);
        }
    }

    @Test
    void showsAnIdleWorkerWithTheCapacityItWasGiven() {
        PrometheusText scrape = scrape();

        assertThat(scrape.value("trawler_jobs_running", Map.of("engine", "noop"))).contains(0.0);
        assertThat(scrape.value("trawler_jobs_queued", Map.of())).contains(0.0);
        assertThat(scrape.value("trawler_capacity_used", Map.of("resource", "jobs"))).contains(0.0);
        assertThat(scrape.value("trawler_capacity_total", Map.of("resource", "jobs")))
                .contains((double) MAX_CONCURRENT_JOBS);
        assertThat(scrape.value("trawler_status_publish_failures_total", Map.of())).contains(0.0);
    }

    @Test
    void hasEverySeriesAtZeroFromStartUpButTheHistogramsAndTheReasons() {
        List<ReadmeMetricList.Metric> fromStartUp =
                ReadmeMetricList.read().stream()
                        .filter(metric -> metric.name().startsWith("trawler_"))
                        .filter(metric -> !metric.type().equals("histogram"))
                        .filter(metric -> !metric.tags().contains("reason"))
                        .filter(metric -> !SCHEDULER_GAUGES.contains(metric.name()))
                        .toList();
        assertThat(fromStartUp).hasSizeGreaterThan(5);

        for (ReadmeMetricList.Metric metric : fromStartUp) {
            assertThat(atStartUp.series(metric.name())).as(metric.name()).isNotEmpty();
            if (metric.type().equals("counter")) {
                assertThat(atStartUp.series(metric.name()))
                        .as(metric.name())
                        .allSatisfy(sample -> assertThat(sample.value()).isZero());
            }
        }
        for (String engine : ENGINES) {
            Map<String, String> tags = Map.of("engine", engine);
            assertThat(atStartUp.value("trawler_jobs_accepted_total", tags)).contains(0.0);
            assertThat(atStartUp.value("trawler_jobs_running", tags)).contains(0.0);
            assertThat(atStartUp.value("trawler_executor_errors_total", tags)).contains(0.0);
            for (String state : ENDED_STATES) {
                assertThat(
                                atStartUp.value(
                                        "trawler_jobs_finished_total",
                                        Map.of("engine", engine, "state", state)))
                        .as(engine + " " + state)
                        .contains(0.0);
            }
        }
    }

    private static void assertListedMetric(PrometheusText scrape, ReadmeMetricList.Metric metric) {
        Set<String> tags = new TreeSet<>(metric.tags());
        if (!metric.type().equals("histogram")) {
            assertThat(scrape.series(metric.name())).as(metric.name()).isNotEmpty();
            assertThat(scrape.labelNames(metric.name())).as(metric.name()).isEqualTo(tags);
            return;
        }
        for (String suffix : List.of("_count", "_sum", "_bucket")) {
            String series = metric.name() + suffix;
            Set<String> expected = new TreeSet<>(tags);
            if (suffix.equals("_bucket")) {
                expected.add("le");
            }
            assertThat(scrape.series(series)).as(series).isNotEmpty();
            assertThat(scrape.labelNames(series)).as(series).isEqualTo(expected);
        }
    }

    /**
     * A matcher's label must be one the metric carries, and a fixed value it asks for (not a
     * dashboard variable, not a negation) must be one that some series has.
     */
    private static void assertMatchesSomething(PrometheusText scrape, PromQl.LabelMatcher matcher) {
        if (TARGET_LABELS.contains(matcher.label())) {
            return;
        }
        assertThat(scrape.labelNames(matcher.metric()))
                .as(matcher.toString())
                .contains(matcher.label());
        if (matcher.value().contains("$") || matcher.operator().startsWith("!")) {
            return;
        }
        for (String value : wantedValues(matcher)) {
            String actual =
                    matcher.label().equals("topic") && value.equals(DASHBOARD_JOBS_TOPIC)
                            ? worker.jobsTopic()
                            : value;
            assertThat(scrape.series(matcher.metric()))
                    .as(matcher + " finds " + actual)
                    .anySatisfy(
                            sample ->
                                    assertThat(sample.labels())
                                            .containsEntry(matcher.label(), actual));
        }
    }

    /** The values an equality matcher, or a regular expression of plain alternatives, names. */
    private static List<String> wantedValues(PromQl.LabelMatcher matcher) {
        if (matcher.operator().equals("=")) {
            return List.of(matcher.value());
        }
        assertThat(matcher.value())
                .as("a regular expression of plain alternatives: " + matcher)
                .matches("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)*");
        return List.of(matcher.value().split("\\|"));
    }

    private static PrometheusText scrape() {
        return PrometheusText.parse(worker.process().get("/q/metrics"));
    }
}
