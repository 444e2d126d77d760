package io.trawler.lifecycle;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.trawler.metrics.TrawlerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes lifecycle events on the status topic, keyed by job ID so that a compacted topic keeps
 * each job's latest state.
 */
@ApplicationScoped
public class StatusPublisher {

    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);

    /**
     * The buffer only holds events while the producer is momentarily behind; the number of events
     * in flight is bounded by the number of jobs the worker holds at once.
     */
    @Inject
    @Channel("job-status")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<byte[]> emitter;

    private final JobHistory history;
    private final TrawlerMetrics metrics;

    StatusPublisher(JobHistory history, TrawlerMetrics metrics) {
        this.history = history;
        this.metrics = metrics;
    }

    /**
     * Sends an event; the stage completes when Kafka acknowledged it and fails if it did not. An
     * acknowledged event is in the job history at once.
     */
    public CompletionStage<Void> publish(JobEvent event) {
        OutgoingKafkaRecordMetadata<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.jobId())
                        .withHeaders(CloudEventHeaders.of(event))
                        .build();
        LOG.debugf("publishing state=%s jobId=%s", event.state(), event.jobId());
        return emitter.sendMessage(Message.of(EventJson.write(event)).addMetadata(metadata))
                .subscribeAsCompletionStage()
                .whenComplete((ignored, failure) -> recordOutcome(event, failure));
    }

    private void recordOutcome(JobEvent event, Throwable failure) {
        if (failure == null) {
            history.observe(event.jobId(), event.jobState(), event.attempt());
            return;
        }
        metrics.statusPublishFailed();
        LOG.warnf(
                "status event not acknowledged jobId=%s state=%s cause=%s",
                event.jobId(), event.state(), failure.toString());
    }
}
