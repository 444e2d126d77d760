package io.trawler.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;

/**
 * One attempt of a job as the scheduler holds it, from admission request to its outcome.
 *
 * <p>The run remembers the partition its record came from, so that everything held for a partition
 * can be stopped when the partition is revoked.
 */
public final class ScheduledRun {

    private final ExecutionRequest request;
    private final TopicPartition partition;
    private final Instant acceptedAt;
    private final StopSignal stopSignal = new StopSignal();
    private final CompletableFuture<Void> admitted = new CompletableFuture<>();
    private final CompletableFuture<ExecutionOutcome> outcome = new CompletableFuture<>();
    private volatile Instant startedAt;
    private volatile Instant finishedAt;

    public ScheduledRun(ExecutionRequest request, TopicPartition partition, Instant acceptedAt) {
        this.request = Objects.requireNonNull(request, "request");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.acceptedAt = Objects.requireNonNull(acceptedAt, "acceptedAt");
    }

    public ExecutionRequest request() {
        return request;
    }

    public String jobId() {
        return request.jobId();
    }

    public TopicPartition partition() {
        return partition;
    }

    public StopSignal stopSignal() {
        return stopSignal;
    }

    /** Completes when the run left the queue: it started, or it was stopped while queued. */
    public CompletionStage<Void> admitted() {
        return admitted;
    }

    /** Completes with the run's outcome once it ended and its resources were released. */
    public CompletionStage<ExecutionOutcome> outcome() {
        return outcome;
    }

    /** Time spent waiting for capacity; up to now while the run still waits. */
    public Duration queued() {
        Instant end = startedAt != null ? startedAt : finishedOrNow();
        return Duration.between(acceptedAt, end);
    }

    /** Time spent running; zero for a run that never started. */
    public Duration running() {
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, finishedOrNow());
    }

    private Instant finishedOrNow() {
        return finishedAt != null ? finishedAt : Instant.now();
    }

    void markStarted() {
        startedAt = Instant.now();
        admitted.complete(null);
    }

    void markFinished(ExecutionOutcome ended) {
        finishedAt = Instant.now();
        admitted.complete(null);
        outcome.complete(ended);
    }

    /** Whether the run left the queue and its executor was asked to start it. */
    public boolean started() {
        return startedAt != null;
    }
}
