package io.trawler.intake;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions of the jobs topic this worker owns now, and for each one whether the job history
 * has caught up with it.
 *
 * <p>Two rules hang on this class. A job is only handed to the scheduler while its partition is
 * owned, checked under the same lock that revocation takes, so no run can start for a partition
 * after its revocation began. And a record of a newly assigned partition is only looked at once the
 * job history holds everything that was on the status topic at assignment time, so that a job the
 * previous owner finished is recognised as finished.
 */
@Singleton
public class AssignedPartitions {

    private final Map<TopicPartition, CompletionStage<Void>> ready = new ConcurrentHashMap<>();
    private boolean closed;

    /**
     * Records newly assigned partitions; each becomes ready when {@code historyCaughtUp} completes.
     */
    synchronized void assigned(
            Collection<TopicPartition> partitions,
            Supplier<CompletionStage<Void>> historyCaughtUp) {
        if (closed || partitions.isEmpty()) {
            return;
        }
        CompletionStage<Void> barrier = historyCaughtUp.get();
        partitions.forEach(partition -> ready.put(partition, barrier));
    }

    /** Forgets revoked or lost partitions: nothing more is admitted from them. */
    synchronized void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(ready::remove);
    }

    /** Stops all admission for good, for shutdown. */
    synchronized void close() {
        closed = true;
        ready.clear();
    }

    /**
     * Completes with true once the partition is ready, or with false at once when this worker does
     * not own it.
     */
    CompletionStage<Boolean> whenReady(TopicPartition partition) {
        CompletionStage<Void> barrier = ready.get(partition);
        if (barrier == null) {
            return CompletableFuture.completedFuture(false);
        }
        return barrier.thenApply(ignored -> true);
    }

    /** Runs {@code admission} while the partition is owned and stays so; empty when it is not. */
    synchronized <T> Optional<T> whileOwned(TopicPartition partition, Supplier<T> admission) {
        if (closed || !ready.containsKey(partition)) {
            return Optional.empty();
        }
        return Optional.of(admission.get());
    }

    synchronized int owned() {
        return ready.size();
    }
}
