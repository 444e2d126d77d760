package io.trawler.execution;

import io.quarkus.runtime.Startup;
import io.trawler.config.TrawlerConfig;
import io.trawler.config.WorkerCapacity;
import io.trawler.metrics.TrawlerMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Admits runs by capacity, runs each on a thread of its own (or, for an executor that ends at once,
 * on the admitting thread), and stops them on timeout, cancel, shutdown or revocation.
 *
 * <p>Admission is first come, first served: the run at the head of the queue waits until the worker
 * has room for it, and nothing behind it overtakes it, so a large job is never starved by a stream
 * of small ones. Intake submits one run at a time and waits for its admission before it reads the
 * next record, which keeps the queue, and the memory it holds, bounded.
 */
@Startup
@Singleton
public class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class);
    private static final Duration TIMEOUT_SWEEP = Duration.ofMillis(100);

    private final ExecutorRegistry registry;
    private final CapacityLedger ledger;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Map<String, ScheduledRun> held = new ConcurrentHashMap<>();
    private final ExecutorService workers;

    /** The running runs' deadlines, in {@link System#nanoTime()} terms. */
    private final Map<ScheduledRun, Long> deadlines = new ConcurrentHashMap<>();

    private final ScheduledExecutorService timeouts;

    @Inject
    JobScheduler(
            ExecutorRegistry registry,
            WorkerCapacity capacity,
            TrawlerConfig config,
            TrawlerMetrics metrics) {
        this(registry, capacity, config.execution().maxConcurrentJobs(), metrics);
    }

    JobScheduler(
            ExecutorRegistry registry,
            WorkerCapacity capacity,
            int maxConcurrentJobs,
            TrawlerMetrics metrics) {
        this.registry = registry;
        this.ledger = new CapacityLedger(capacity, maxConcurrentJobs);
        this.workers = Executors.newCachedThreadPool(DaemonThreads.named("trawler-job-"));
        // One sweep over the running runs' deadlines, rather than a timer task for each run: a
        // task that becomes the head of a timer's queue wakes the timer's thread, which for short
        // jobs meant a thread switch for every job; a late timeout is at most one sweep late.
        this.timeouts =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("trawler-timeout-"));
        timeouts.scheduleWithFixedDelay(
                this::stopOverdueRuns,
                TIMEOUT_SWEEP.toMillis(),
                TIMEOUT_SWEEP.toMillis(),
                TimeUnit.MILLISECONDS);
        registerGauges(metrics, capacity, maxConcurrentJobs);
    }

    private void registerGauges(TrawlerMetrics metrics, WorkerCapacity capacity, int maxJobs) {
        metrics.capacity(
                "cpu", () -> capacityInUse().millicores() / 1000.0, () -> capacity.cpu().cores());
        metrics.capacity(
                "memory", () -> capacityInUse().memoryBytes(), () -> capacity.memory().bytes());
        metrics.capacity("gpu", () -> capacityInUse().gpus(), capacity::gpus);
        metrics.capacity("jobs", () -> capacityInUse().runningJobs(), () -> maxJobs);
        metrics.queue(() -> capacityInUse().queuedJobs());
    }

    /**
     * Queues a run; it starts as soon as capacity allows. A run whose stop was requested before it
     * was submitted ends at once, without running.
     */
    public void submit(ScheduledRun run, RunListener listener) {
        if (run.stopSignal().isStopped()) {
            finish(
                    new Pending(run, listener),
                    new ExecutionOutcome.Stopped(
                            run.stopSignal().reason().orElseThrow(), ExecutionResult.EMPTY));
            return;
        }
        held.put(run.jobId(), run);
        List<Pending> startable;
        synchronized (this) {
            queue.addLast(new Pending(run, listener));
            startable = takeStartable();
        }
        startable.forEach(this::start);
    }

    /** The run this worker holds for a job, queued or running. */
    public Optional<ScheduledRun> find(String jobId) {
        return Optional.ofNullable(held.get(jobId));
    }

    /** Stops the job's run, queued or running; false when this worker holds no run for it. */
    public boolean stop(String jobId, StopReason reason, String why) {
        ScheduledRun run = held.get(jobId);
        if (run == null) {
            return false;
        }
        stopRun(run, reason, why);
        return true;
    }

    /** Stops every held run that matches, and returns them. */
    public List<ScheduledRun> stopAll(
            Predicate<ScheduledRun> which, StopReason reason, String why) {
        List<ScheduledRun> matching = new ArrayList<>();
        for (ScheduledRun run : held.values()) {
            if (which.test(run)) {
                matching.add(run);
            }
        }
        matching.forEach(run -> stopRun(run, reason, why));
        return matching;
    }

    /** Every run held now, queued or running. */
    public Collection<ScheduledRun> held() {
        return List.copyOf(held.values());
    }

    /** A snapshot of what the running jobs hold, for metrics and logs. */
    public synchronized CapacityUse capacityInUse() {
        return new CapacityUse(
                ledger.runningJobs(),
                queue.size(),
                ledger.usedMillicores(),
                ledger.usedMemoryBytes(),
                ledger.usedGpus());
    }

    private void stopRun(ScheduledRun run, StopReason reason, String why) {
        Pending dequeued = null;
        synchronized (this) {
            for (Pending pending : queue) {
                if (pending.run() == run) {
                    dequeued = pending;
                    break;
                }
            }
            if (dequeued != null) {
                queue.remove(dequeued);
            }
        }
        run.stopSignal().stop(reason, why);
        if (dequeued != null) {
            LOG.debugf("stopped while queued jobId=%s reason=%s", run.jobId(), reason);
            finish(dequeued, new ExecutionOutcome.Stopped(reason, ExecutionResult.EMPTY));
        }
    }

    /** Must hold the lock. Takes from the head of the queue every run that fits, in order. */
    private List<Pending> takeStartable() {
        List<Pending> startable = new ArrayList<>();
        while (!queue.isEmpty()
                && ledger.fits(queue.peekFirst().run().request().job().resources())) {
            Pending next = queue.pollFirst();
            ledger.take(next.run().request().job().resources());
            startable.add(next);
        }
        return startable;
    }

    private void start(Pending pending) {
        pending.run().markStarted();
        if (executorOf(pending.run()).endsAtOnce()) {
            // Nothing to wait for. The run's events are handed to the status publisher's own
            // thread, and its record is acknowledged from Kafka's acknowledgement of the last
            // one, never from inside this call.
            execute(pending);
        } else {
            workers.execute(() -> execute(pending));
        }
    }

    private Executor executorOf(ScheduledRun run) {
        // Validation only accepts enabled engines, and every enabled engine has an executor.
        return registry.find(run.request().job().engineType()).orElseThrow();
    }

    private void execute(Pending pending) {
        ScheduledRun run = pending.run();
        MDC.put("jobId", run.jobId());
        ExecutionOutcome outcome = null;
        try {
            pending.listener().started(run);
            deadlines.put(run, System.nanoTime() + run.request().job().timeout().toNanos());
            outcome = runExecutor(run);
        } catch (RuntimeException e) {
            // The boundary of a job's thread: a bug here fails this job, never the worker, and
            // the run still ends, so its record and its capacity are not held forever.
            LOG.errorf(e, "unexpected error running a job jobId=%s", run.jobId());
            outcome = failedByUs(FailureReason.EXECUTOR_ERROR, "unexpected worker error: " + e);
        } finally {
            // A finished run must not stay here: it would hold its job document until its
            // timeout passed, hours of finished jobs at thousands of jobs a second.
            deadlines.remove(run);
            release(run);
            finish(
                    pending,
                    outcome != null
                            ? outcome
                            : failedByUs(FailureReason.EXECUTOR_ERROR, "the job's thread failed"));
            MDC.remove("jobId");
        }
    }

    /** Timeouts waiting to pass: one for each running job, none for a job that ended. */
    int pendingTimeouts() {
        return deadlines.size();
    }

    private void stopOverdueRuns() {
        long now = System.nanoTime();
        for (Map.Entry<ScheduledRun, Long> deadline : deadlines.entrySet()) {
            ScheduledRun run = deadline.getKey();
            if (now - deadline.getValue() < 0 || deadlines.remove(run) == null) {
                continue;
            }
            try {
                run.stopSignal().stop(StopReason.TIMEOUT);
            } catch (RuntimeException e) {
                // The boundary of the sweep: a thrown stop would cancel every later sweep, and
                // with it the timeouts of all other jobs. The run's executor still owns the run.
                LOG.errorf(e, "stopping a timed-out job failed jobId=%s", run.jobId());
            }
        }
    }

    private ExecutionOutcome runExecutor(ScheduledRun run) {
        Executor executor = executorOf(run);
        Execution execution;
        try {
            execution = executor.start(run.request());
        } catch (ExecutorException e) {
            LOG.errorf(e, "executor could not start the job jobId=%s", run.jobId());
            return failedByUs(e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            // The boundary of a job's thread: an executor bug fails this job, never the worker.
            LOG.errorf(e, "unexpected executor error jobId=%s", run.jobId());
            return failedByUs(FailureReason.EXECUTOR_ERROR, "unexpected executor error: " + e);
        }
        // A stop requested before the execution started is passed on at once.
        run.stopSignal().onStop(() -> execution.stop(run.stopSignal().reason().orElseThrow()));
        return awaitOutcome(run, execution);
    }

    private static ExecutionOutcome awaitOutcome(ScheduledRun run, Execution execution) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return execution.awaitOutcome();
                } catch (InterruptedException e) {
                    // Only shutdown interrupts job threads: stop the job, then wait for its end.
                    interrupted = true;
                    run.stopSignal().stop(StopReason.INTERRUPT);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "unexpected executor error jobId=%s", run.jobId());
                    return failedByUs(
                            FailureReason.EXECUTOR_ERROR, "unexpected executor error: " + e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ExecutionOutcome failedByUs(FailureReason reason, String message) {
        return new ExecutionOutcome.Failed(reason, message, ExecutionResult.EMPTY);
    }

    private void release(ScheduledRun run) {
        List<Pending> startable;
        synchronized (this) {
            ledger.release(run.request().job().resources());
            startable = takeStartable();
        }
        startable.forEach(this::start);
    }

    private void finish(Pending pending, ExecutionOutcome outcome) {
        held.remove(pending.run().jobId(), pending.run());
        pending.run().markFinished(outcome);
        pending.listener().finished(pending.run(), outcome);
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
        timeouts.shutdownNow();
    }

    private record Pending(ScheduledRun run, RunListener listener) {}

    /**
     * What the worker's running jobs hold now.
     *
     * @param runningJobs jobs running
     * @param queuedJobs jobs waiting for capacity
     * @param millicores CPU held
     * @param memoryBytes memory held
     * @param gpus GPUs held
     */
    public record CapacityUse(
            int runningJobs, int queuedJobs, long millicores, long memoryBytes, int gpus) {}
}
