package io.trawler.lifecycle;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.trawler.config.WorkerIdentity;
import io.trawler.execution.DaemonThreads;
import io.trawler.metrics.TrawlerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * thread are bounded by the jobs the worker holds, each of which has at most three unsent. They
 * wait in one queue, which the sending thread drains whenever it is woken, so that events published
 * close together cost one wake-up between them.
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
    private final CloudEventHeaders headers;
    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(DaemonThreads.named("trawler-status-sender-"));
    private volatile Producer<String, byte[]> producer;

    /** Events published and not yet handed to the producer, in the order they were published. */
    private final Queue<Outgoing> outgoing = new ConcurrentLinkedQueue<>();

    /** Set while a drain is queued on the sending thread and has not begun. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    /** Set while an event loop will queue a drain at the end of its turn. */
    private final AtomicBoolean drainAfterTurn = new AtomicBoolean();

    StatusPublisher(
            KafkaClientService clients,
            JobHistory history,
            TrawlerMetrics metrics,
            WorkerIdentity identity,
            @ConfigProperty(name = "mp.messaging.outgoing.job-status.topic") String topic) {
        this.clients = clients;
        this.history = history;
        this.metrics = metrics;
        this.topic = topic;
        this.headers = new CloudEventHeaders(identity.workerId());
    }

    /**
     * Sends an event; the stage completes when Kafka acknowledged it and fails if it did not. An
     * acknowledged event is in the job history at once.
     */
    public CompletionStage<Void> publish(JobEvent event) {
        // Built on the caller's thread; only the send itself waits for the sending thread.
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(
                        topic, null, event.jobId(), EventJson.write(event), headers.of(event));
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        outgoing.add(new Outgoing(event, record, acknowledged));
        if (Context.isOnEventLoopThread() && Vertx.currentContext() != null) {
            drainAfterThisTurn(Vertx.currentContext());
        } else {
            queueDrain();
        }
        return acknowledged.whenComplete((ignored, failure) -> recordOutcome(event, failure));
    }

    /**
     * An event loop publishes the events of many records in one turn: they are handed to the
     * sending thread together when the turn ends, in one wake-up instead of one for each.
     */
    private void drainAfterThisTurn(Context context) {
        if (drainAfterTurn.compareAndSet(false, true)) {
            context.runOnContext(
                    ignored -> {
                        drainAfterTurn.set(false);
                        queueDrain();
                    });
        }
    }

    /**
     * Makes sure a drain of the outgoing events is queued on the sending thread. A drain clears the
     * flag before it takes the first event, so an event added after that finds the flag clear and
     * queues another: none is left behind.
     */
    private void queueDrain() {
        if (!drainQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            sender.execute(this::drain);
        } catch (RejectedExecutionException stopped) {
            drainQueued.set(false);
            for (Outgoing next = outgoing.poll(); next != null; next = outgoing.poll()) {
                next.acknowledged()
                        .completeExceptionally(
                                new IllegalStateException("the worker is stopping", stopped));
            }
        }
    }

    private void drain() {
        drainQueued.set(false);
        for (Outgoing next = outgoing.poll(); next != null; next = outgoing.poll()) {
            send(next);
        }
    }

    private void send(Outgoing outgoing) {
        JobEvent event = outgoing.event();
        CompletableFuture<Void> done = outgoing.acknowledged();
        LOG.debugf("publishing state=%s jobId=%s", event.state(), event.jobId());
        try {
            producer()
                    .send(
                            outgoing.record(),
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
     * Lets the events already published reach the producer; the producer itself is flushed and
     * closed with its channel.
     */
    @PreDestroy
    void close() {
        // An event loop's last turn may have ended without handing its events over.
        queueDrain();
        sender.shutdown();
    }

    /** An event on its way to the sending thread. */
    private record Outgoing(
            JobEvent event,
            ProducerRecord<String, byte[]> record,
            CompletableFuture<Void> acknowledged) {}
}
