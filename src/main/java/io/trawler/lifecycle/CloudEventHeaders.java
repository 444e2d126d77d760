package io.trawler.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents 1.0 Kafka binary-mode headers of a lifecycle event: the event's attributes go
 * into {@code ce_*} headers and the record value is the event body alone.
 *
 * <p>Headers whose value is the same for every event of a state (the spec version, the content
 * type, the type) are made once and shared between records: the producer only reads them, and a
 * worker writes three events for every job.
 */
public final class CloudEventHeaders {

    static final String TYPE_PREFIX = "io.trawler.job.";

    private static final Header SPEC_VERSION = header("ce_specversion", "1.0");
    private static final Header CONTENT_TYPE = header("content-type", "application/json");
    private static final Header[] TYPES = typeHeaders();

    private CloudEventHeaders() {}

    public static RecordHeaders of(JobEvent event) {
        Header[] headers = {
            SPEC_VERSION,
            header("ce_id", RandomIds.next()),
            header("ce_source", "/trawler/workers/" + event.workerId()),
            TYPES[event.jobState().ordinal()],
            header("ce_subject", event.jobId()),
            header("ce_time", DateTimeFormatter.ISO_INSTANT.format(event.time())),
            CONTENT_TYPE
        };
        return new RecordHeaders(headers);
    }

    private static Header[] typeHeaders() {
        JobState[] states = JobState.values();
        Header[] types = new Header[states.length];
        for (JobState state : states) {
            types[state.ordinal()] =
                    header("ce_type", TYPE_PREFIX + state.wireName().toLowerCase(Locale.ROOT));
        }
        return types;
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
