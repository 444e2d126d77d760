package io.trawler.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents 1.0 Kafka binary-mode headers of a lifecycle event: the event's attributes go
 * into {@code ce_*} headers and the record value is the event body alone.
 */
public final class CloudEventHeaders {

    static final String TYPE_PREFIX = "io.trawler.job.";

    private CloudEventHeaders() {}

    public static RecordHeaders of(JobEvent event) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, "ce_specversion", "1.0");
        add(headers, "ce_id", RandomIds.next());
        add(headers, "ce_source", "/trawler/workers/" + event.workerId());
        add(headers, "ce_type", TYPE_PREFIX + event.state().toLowerCase(Locale.ROOT));
        add(headers, "ce_subject", event.jobId());
        add(headers, "ce_time", DateTimeFormatter.ISO_INSTANT.format(event.time()));
        add(headers, "content-type", "application/json");
        return headers;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
