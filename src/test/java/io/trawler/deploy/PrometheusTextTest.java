package io.trawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    static final String SCRAPE =
            """
            # HELP trawler_jobs_finished_total Jobs that ended
            # TYPE trawler_jobs_finished_total counter
            trawler_jobs_finished_total{engine="noop",state="completed"} 1.0
            trawler_jobs_finished_total{engine="wasm",state="timed_out"} 0.0
            trawler_jobs_queued 0.0
            kafka_consumer_fetch_manager_records_lag_max{client_id="c",topic="jobs"} NaN
            odd_labels{path="a \\"quoted\\" b",le="+Inf"} 2.0 1700000000000
            """;

    @Test
    void readsNamesLabelsAndValuesAndSkipsComments() {
        PrometheusText scrape = PrometheusText.parse(SCRAPE);

        assertThat(scrape.series("trawler_jobs_finished_total")).hasSize(2);
        assertThat(scrape.labelNames("trawler_jobs_finished_total"))
                .isEqualTo(Set.of("engine", "state"));
        assertThat(scrape.value("trawler_jobs_finished_total", Map.of("engine", "noop")))
                .contains(1.0);
        assertThat(scrape.value("trawler_jobs_queued", Map.of())).contains(0.0);
        assertThat(scrape.value("kafka_consumer_fetch_manager_records_lag_max", Map.of()))
                .hasValueSatisfying(value -> assertThat(value).isNaN());
        assertThat(scrape.series("odd_labels").get(0).labels())
                .containsEntry("path", "a \"quoted\" b")
                .containsEntry("le", "+Inf");
        assertThat(scrape.value("absent_metric", Map.of())).isEmpty();
    }

    @Test
    void refusesToPickOneOfSeveralMatchingSamples() {
        PrometheusText scrape = PrometheusText.parse(SCRAPE);

        assertThatThrownBy(() -> scrape.value("trawler_jobs_finished_total", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
