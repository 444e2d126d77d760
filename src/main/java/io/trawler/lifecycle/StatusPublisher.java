package io.trawler.lifecycle;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.trawler.execution.DaemonThreads;
import io.trawler.metrics.TrawlerMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes lifecycle events on the status topic, keyed by job ID so that a compacted topic keeps
 * each job's latest state.
 *
 * <p>Events go straight to the Kafka producer of the {@code job-status} channel, which is built
 * from the channel's {@code mp.messaging.outgoing.job-status.*} settings and reported in health and
 * metrics like any other. Sending a record through the channel's reactive pipeline costs several
 * times what the producer itself does, and a worker sends three of them for every job.
 *
 * <p>Every send is made from one thread of its own, in the order the events were published: the
 * producer keeps that order per job, and may block (for topic metadata, or when its buffer is full
 * during an outage) without holding up intake's event loop or a job. The events waiting for that
 * thread are bounded by the jobs the worker holds, each of which has at most three unsent.
 */
@Singleton
public class StatusPublisher {

    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);
    private static final String CHANNEL = "job-status";

    /** Unused for sending: it wires the channel, and so its configured producer, into being. */
    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> channel;

    private final KafkaClientService clients;
    private final JobHistory history;
    private final TrawlerMetrics metrics;
    private final String topic;
    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(DaemonThreads.named("trawler-status-sender-"));
    private volatile Producer<String, byte[]> producer;

    StatusPublisher(
            KafkaClientService clients,
            JobHistory history,
            TrawlerMetrics metrics,
            @ConfigProperty(name = "mp.messaging.outgoing.job-status.topic") String topic) {
        this.clients = clients;
        this.history = history;
        this.metrics = metrics;
        this.topic = topic;
    }

    /**
     * Sends an event; the stage completes when Kafka acknowledged it and fails if it did not. An
     * acknowledged event is in the job history at once.
     */
    public CompletionStage<Void> publish(JobEvent event) {
        // Built on the caller's thread; only the send itself waits for the sending thread.
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(
                        topic,
                        null,
                        event.jobId(),
                        EventJson.write(event),
                        CloudEventHeaders.of(event));
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            sender.execute(() -> send(event, record, acknowledged));
        } catch (RejectedExecutionException stopped) {
            acknowledged.completeExceptionally(
                    new IllegalStateException("the worker is stopping", stopped));
        }
        return acknowledged.whenComplete((ignored, failure) -> recordOutcome(event, failure));
    }

    private void send(
            JobEvent event, ProducerRecord<String, byte[]> record, CompletableFuture<Void> done) {
        LOG.debugf("publishing state=%s jobId=%s", event.state(), event.jobId());
        try {
            producer()
                    .send(
                            record,
                            (metadata, failure) -> {
                                if (failure == null) {
                                    done.complete(null);
                                } else {
                                    done.completeExceptionally(failure);
                                }
                            });
        } catch (RuntimeException e) {
            // Serialization, a closed producer, or no metadata within max.block.ms.
            done.completeExceptionally(e);
        }
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            io.smallrye.reactive.messaging.kafka.KafkaProducer<String, byte[]> channelProducer =
                    clients.getProducer(CHANNEL);
            if (channelProducer == null) {
                throw new IllegalStateException("the " + CHANNEL + " channel has no producer");
            }
            current = channelProducer.unwrap();
            producer = current;
        }
        return current;
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

    /**
     * Lets the events already handed over reach the producer; the producer itself is flushed and
     * closed with its channel.
     */
    @PreDestroy
    void close() {
        sender.shutdown();
    }
}
