package io.trawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard against the metric list of the README. */
class DashboardTest {

    static final Set<String> TYPES = Set.of("counter", "gauge", "histogram");

    static GrafanaDashboard dashboard;

    @BeforeAll
    static void readDashboard() {
        dashboard = GrafanaDashboard.read();
    }

    @Test
    void everyMetricTheDashboardQueriesIsInTheReadmeMetricList() {
        List<ReadmeMetricList.Metric> listed = ReadmeMetricList.read();
        Set<String> queried = new TreeSet<>();
        dashboard.queries().forEach(query -> queried.addAll(PromQl.metricNames(query)));

        List<String> unlisted =
                queried.stream().filter(name -> !ReadmeMetricList.covers(listed, name)).toList();

        assertThat(queried).isNotEmpty();
        assertThat(unlisted)
                .as("metrics the dashboard queries but the README does not list")
                .isEmpty();
    }

    @Test
    void readmeListsEachMetricOnceWithATypeAndAMeaning() {
        List<ReadmeMetricList.Metric> listed = ReadmeMetricList.read();
        Set<String> names = new HashSet<>();

        for (ReadmeMetricList.Metric metric : listed) {
            assertThat(names.add(metric.name())).as("listed once: " + metric.name()).isTrue();
            assertThat(metric.type()).as(metric.name()).isIn(TYPES);
            assertThat(metric.meaning()).as(metric.name()).isNotBlank();
            if (metric.type().equals("counter")) {
                assertThat(metric.name()).endsWith("_total");
            }
        }
        assertThat(names)
                .contains(
                        "trawler_jobs_finished_total", "kafka_consumer_fetch_manager_records_lag");
    }

    @Test
    void everyPanelQueriesThroughTheDataSourceVariable() {
        List<JsonNode> panels = dashboard.panels();

        assertThat(panels).isNotEmpty();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            assertThat(panel.path("datasource").path("uid").asText())
                    .as(title)
                    .isEqualTo("${datasource}");
            panel.path("targets")
                    .forEach(
                            target ->
                                    assertThat(target.path("expr").asText())
                                            .as(title)
                                            .isNotBlank());
        }
    }

    @Test
    void readsMetricNamesWithoutFunctionsLabelsKeywordsOrVariables() {
        String query =
                "histogram_quantile(0.95, sum by (le, engine) (rate(trawler_job_run_seconds_bucket"
                        + "{pod=~\"$pod\", state=\"a b\"}[$__rate_interval]))) / on (engine)"
                        + " group_left sum without (pod) (kafka_lag offset 5m) * 1e3 > bool 2";

        assertThat(PromQl.metricNames(query))
                .containsExactly("trawler_job_run_seconds_bucket", "kafka_lag");
        assertThat(PromQl.metricNames("label_values(trawler_jobs_queued{namespace=~\"$n\"}, pod)"))
                .containsExactly("trawler_jobs_queued");
    }

    @Test
    void readsTheLabelMatchersOfEverySelectorThatNamesItsMetric() {
        String query =
                "sum(rate(a_total{pod=~\"$pod\", state=~\"failed|timed_out\"}[5m]))"
                        + " / sum(b_total{resource = \"jobs\", engine!=\"x\\\"y\"}) + {job=\"c\"}";

        assertThat(PromQl.labelMatchers(query))
                .containsExactly(
                        new PromQl.LabelMatcher("a_total", "pod", "=~", "$pod"),
                        new PromQl.LabelMatcher("a_total", "state", "=~", "failed|timed_out"),
                        new PromQl.LabelMatcher("b_total", "resource", "=", "jobs"),
                        new PromQl.LabelMatcher("b_total", "engine", "!=", "x\\\"y"));
    }

    @Test
    void readsTheMetricTableOfTheOperatingSectionOnly() {
        List<String> readme =
                List.of(
                        "## Configuration",
                        "| metric | type | tags | meaning |",
                        "| `elsewhere_total` | counter | | not this section |",
                        "## Operating Trawler",
                        "| metric | type | tags | meaning |",
                        "|---|---|---|---|",
                        "| `a_seconds` | histogram | `engine`, `state` | a time |",
                        "",
                        "| `after_the_table` | gauge | | not in the table |");

        List<ReadmeMetricList.Metric> metrics = ReadmeMetricList.parse(readme);

        assertThat(metrics)
                .containsExactly(
                        new ReadmeMetricList.Metric(
                                "a_seconds", "histogram", List.of("engine", "state"), "a time"));
        assertThat(ReadmeMetricList.covers(metrics, "a_seconds_bucket")).isTrue();
        assertThat(ReadmeMetricList.covers(metrics, "a_seconds_max")).isFalse();
    }
}
