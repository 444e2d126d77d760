package io.trawler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final Instant TIME = Instant.parse("2026-12-04T10:53:12.123456Z");

    @Test
    void writesTheTimeAsAnIsoInstantAndReadsTheEventBack() {
        JobEvent event = event("worker-a");

        byte[] json = EventJson.write(event);

        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"time\":\"2026-12-04T10:53:12.123456Z\"");
        assertThat(EventJson.read(json)).isEqualTo(event);
    }

    @Test
    void headersCarryTheBodysTimeAndTheSourceOfTheWorkerThatPublished() {
        CloudEventHeaders headers = new CloudEventHeaders("worker-a");

        Headers own = headers.of(event("worker-a"));
        Headers other = headers.of(event("worker-b"));

        assertThat(text(own, "ce_time")).isEqualTo("2026-12-04T10:53:12.123456Z");
        assertThat(text(own, "ce_source")).isEqualTo("/trawler/workers/worker-a");
        assertThat(text(other, "ce_source")).isEqualTo("/trawler/workers/worker-b");
        assertThat(text(own, "ce_type")).isEqualTo("io.trawler.job.running");
        assertThat(text(own, "ce_subject")).isEqualTo("job-1");
    }

    private static JobEvent event(String workerId) {
        return new JobEvent(
                "job-1", "Running", 1, "exec-1", workerId, TIME, "noop", null, null, null, null);
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
