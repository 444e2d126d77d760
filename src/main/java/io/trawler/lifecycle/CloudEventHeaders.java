package io.trawler.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents 1.0 Kafka binary-mode headers of a lifecycle event: the event's attributes go
 * into {@code ce_*} headers and the record value is the event body alone.
 *
 * <p>Headers whose value is the same for every event of a state or of this worker (the spec
 * version, the content type, the type, the source) are made once and shared between records: the
 * producer only reads them, and a worker writes three events for every job.
 */
public final class CloudEventHeaders {

    static final String TYPE_PREFIX = "io.trawler.job.";

    private static final Header SPEC_VERSION = header("ce_specversion", "1.0");
    private static final Header CONTENT_TYPE = header("content-type", "application/json");
    private static final Header[] TYPES = typeHeaders();

    private final String workerId;
    private final Header source;

    /** Headers for the events of the worker {@code workerId}. */
    public CloudEventHeaders(String workerId) {
        this.workerId = workerId;
        this.source = sourceHeader(workerId);
    }

    public RecordHeaders of(JobEvent event) {
        Header[] headers = {
            SPEC_VERSION,
            header("ce_id", RandomIds.next()),
            event.workerId().equals(workerId) ? source : sourceHeader(event.workerId()),
            TYPES[event.jobState().ordinal()],
            header("ce_subject", event.jobId()),
            header("ce_time", InstantText.of(event.time())),
            CONTENT_TYPE
        };
        return new RecordHeaders(headers);
    }

    private static Header sourceHeader(String workerId) {
        return header("ce_source", "/trawler/workers/" + workerId);
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
