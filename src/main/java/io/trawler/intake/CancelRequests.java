package io.trawler.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.trawler.lifecycle.JobHistory;
import io.trawler.lifecycle.JobLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The consumer of the control topic. Every replica reads every cancel request (each is its own
 * consumer group), so a request reaches whichever replica holds the job.
 *
 * <p>A request names the job by {@code JobID}, or else by the record key. A job this worker holds,
 * queued or running, is stopped and ends Cancelled. A job that already ended is left alone. A job
 * not seen yet is remembered for a while, so that it is cancelled, not run, when it arrives.
 */
@ApplicationScoped
public class CancelRequests {

    private static final Logger LOG = Logger.getLogger(CancelRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final JobLifecycle lifecycle;
    private final JobHistory history;
    private final PendingCancels pending;

    CancelRequests(JobLifecycle lifecycle, JobHistory history, PendingCancels pending) {
        this.lifecycle = lifecycle;
        this.history = history;
        this.pending = pending;
    }

    @Incoming("job-control")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        Optional<CancelRequest> request = CancelRequest.read(message);
        if (request.isEmpty()) {
            LOG.warnf("control record that is not a cancel request skipped");
            return message.ack();
        }
        MDC.put("jobId", request.get().jobId());
        try {
            handle(request.get());
        } finally {
            MDC.remove("jobId");
        }
        return message.ack();
    }

    private void handle(CancelRequest request) {
        String why = request.reason().isEmpty() ? "cancelled by request" : request.reason();
        JobLifecycle.CancelResult result =
                lifecycle.cancel(request.jobId(), request.clientId(), why);
        switch (result) {
            case CANCELLED ->
                    LOG.infof(
                            "cancel requested jobId=%s clientId=%s",
                            request.jobId(), request.clientId());
            case CLIENT_MISMATCH ->
                    LOG.warnf(
                            "cancel refused, the job belongs to another client jobId=%s"
                                    + " clientId=%s",
                            request.jobId(), request.clientId());
            case NOT_HELD -> notHeld(request, why);
        }
    }

    private void notHeld(CancelRequest request, String why) {
        Optional<JobHistory.Entry> known = history.find(request.jobId());
        if (known.isPresent() && known.get().state().terminal()) {
            LOG.infof(
                    "cancel of an ended job ignored jobId=%s state=%s",
                    request.jobId(), known.get().state().wireName());
            return;
        }
        // Held by another replica (which cancels it), or not arrived yet: remember it.
        LOG.debugf("cancel remembered for a job not held here jobId=%s", request.jobId());
        pending.remember(request.jobId(), new PendingCancels.Request(request.clientId(), why));
    }

    /** A cancel request as the control topic carries it. */
    record CancelRequest(String jobId, String clientId, String reason) {

        @SuppressWarnings("unchecked")
        static Optional<CancelRequest> read(Message<byte[]> message) {
            byte[] value = message.getPayload();
            String key =
                    message.getMetadata(IncomingKafkaRecordMetadata.class)
                            .map(metadata -> JobIds.keyText((byte[]) metadata.getKey()))
                            .orElse(null);
            if (value == null || value.length == 0 || value.length > MAX_REQUEST_BYTES) {
                return Optional.empty();
            }
            try {
                JsonNode json = JSON.readTree(value);
                String jobId = text(json, "JobID");
                if (jobId.isEmpty()) {
                    jobId = key == null ? "" : key;
                }
                if (jobId.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new CancelRequest(jobId, text(json, "ClientID"), text(json, "Reason")));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private static String text(JsonNode json, String field) {
            JsonNode node = json == null ? null : json.get(field);
            return node != null && node.isTextual() ? node.asText() : "";
        }
    }
}
