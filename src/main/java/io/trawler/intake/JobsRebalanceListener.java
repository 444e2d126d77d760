package io.trawler.intake;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.trawler.config.TrawlerConfig;
import io.trawler.lifecycle.JobHistory;
import io.trawler.lifecycle.JobLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Keeps the worker's jobs in step with its share of the jobs topic. On assignment, the new
 * partitions wait for the job history to catch up; on revocation, their runs are stopped and
 * published as Interrupted before the revocation completes, so the next owner can run them again
 * and no job runs on two workers at once.
 *
 * <p>Both callbacks run on the Kafka polling thread and block it, as the consumer requires.
 */
@ApplicationScoped
@Identifier(JobsRebalanceListener.NAME)
public class JobsRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The name {@code mp.messaging.incoming.jobs.consumer-rebalance-listener.name} gives. */
    public static final String NAME = "trawler-jobs";

    private static final Logger LOG = Logger.getLogger(JobsRebalanceListener.class);

    private final AssignedPartitions partitions;
    private final JobHistory history;
    private final JobLifecycle lifecycle;
    private final Duration revocationTimeout;

    JobsRebalanceListener(
            AssignedPartitions partitions,
            JobHistory history,
            JobLifecycle lifecycle,
            TrawlerConfig config) {
        this.partitions = partitions;
        this.history = history;
        this.lifecycle = lifecycle;
        this.revocationTimeout = config.execution().revocationTimeout();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        LOG.infof("partitions assigned partitions=%s", assigned);
        partitions.assigned(assigned, history::caughtUp);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        LOG.infof("partitions revoked partitions=%s", revoked);
        partitions.revoked(revoked);
        Set<TopicPartition> lost = Set.copyOf(revoked);
        await(lifecycle.interrupt(run -> lost.contains(run.partition()), "partition revoked"));
    }

    private void await(CompletionStage<Void> settled) {
        try {
            settled.toCompletableFuture().get(revocationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The next owner may start these jobs while their last events are still on the way;
            // the jobs stay uncommitted, so none is lost.
            LOG.warnf(
                    "interrupted jobs not settled before revocation timeout=%s", revocationTimeout);
        } catch (ExecutionException e) {
            LOG.warnf(e.getCause(), "interrupting jobs of revoked partitions failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
