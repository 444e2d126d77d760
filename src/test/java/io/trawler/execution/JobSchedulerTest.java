package io.trawler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trawler.config.WorkerCapacity;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.DockerEngineSpec;
import io.trawler.job.EngineType;
import io.trawler.job.Job;
import io.trawler.metrics.TrawlerMetrics;
import io.trawler.validation.ResourceRequest;
import io.trawler.validation.ValidatedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's admission, fairness, stops and timeouts, driven by an executor whose jobs run
 * until the test lets them end. The executor stands in only for the engine; everything the
 * scheduler does is real.
 */
class JobSchedulerTest {

    private static final TopicPartition PARTITION = new TopicPartition("jobs", 0);

    private final HeldExecutor executor = new HeldExecutor();
    private final Outcomes outcomes = new Outcomes();
    private JobScheduler scheduler;

    @AfterEach
    void close() {
        executor.releaseAll();
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Test
    void runsNoMoreJobsAtOnceThanTheConcurrencyLimit() {
        scheduler = scheduler(cores(8), 2);

        for (int n = 0; n < 4; n++) {
            scheduler.submit(run("limit-" + n, 100, Duration.ofMinutes(1)), outcomes);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> executor.started().size() == 2);
        assertThat(scheduler.capacityInUse().queuedJobs()).isEqualTo(2);
        executor.release("limit-0");
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.started().size() == 3);
        assertThat(executor.started()).containsExactly("limit-0", "limit-1", "limit-2");
    }

    @Test
    void aLargeJobAtTheHeadOfTheQueueIsNotOvertakenBySmallOnes() {
        scheduler = scheduler(cores(2), 10);
        scheduler.submit(run("small-running", 1000, Duration.ofMinutes(1)), outcomes);
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.started().size() == 1);

        scheduler.submit(run("large", 2000, Duration.ofMinutes(1)), outcomes);
        for (int n = 0; n < 5; n++) {
            scheduler.submit(run("small-" + n, 500, Duration.ofMinutes(1)), outcomes);
        }

        // Admission is decided under the scheduler's lock, before any job's thread runs.
        assertThat(scheduler.capacityInUse().runningJobs()).isEqualTo(1);
        assertThat(scheduler.capacityInUse().queuedJobs()).isEqualTo(6);
        executor.release("small-running");
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.started().size() == 2);
        assertThat(executor.started()).containsExactly("small-running", "large");
    }

    @Test
    void aJobStoppedWhileQueuedEndsWithoutStarting() {
        scheduler = scheduler(cores(8), 1);
        scheduler.submit(run("busy", 100, Duration.ofMinutes(1)), outcomes);
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.started().size() == 1);
        ScheduledRun queued = run("queued", 100, Duration.ofMinutes(1));
        scheduler.submit(queued, outcomes);

        boolean stopped = scheduler.stop("queued", StopReason.CANCEL, "not needed");

        assertThat(stopped).isTrue();
        assertThat(outcomes.of("queued")).isInstanceOf(ExecutionOutcome.Stopped.class);
        assertThat(((ExecutionOutcome.Stopped) outcomes.of("queued")).reason())
                .isEqualTo(StopReason.CANCEL);
        assertThat(queued.started()).isFalse();
        assertThat(executor.started()).containsExactly("busy");
    }

    @Test
    void stopsARunningJobWhenItsTimeoutPasses() {
        scheduler = scheduler(cores(8), 1);

        scheduler.submit(run("slow", 100, Duration.ofMillis(200)), outcomes);

        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.has("slow"));
        assertThat(((ExecutionOutcome.Stopped) outcomes.of("slow")).reason())
                .isEqualTo(StopReason.TIMEOUT);
        assertThat(scheduler.capacityInUse().runningJobs()).isZero();
    }

    @Test
    void aJobThatEndedLeavesNoTimeoutBehind() {
        scheduler = scheduler(cores(8), 4);

        for (int n = 0; n < 50; n++) {
            executor.release("quick-" + n);
            scheduler.submit(run("quick-" + n, 100, Duration.ofHours(1)), outcomes);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.count() == 50);
        assertThat(scheduler.pendingTimeouts()).isZero();
    }

    @Test
    void failsAJobWhoseExecutorCannotStartItAndFreesItsCapacity() {
        scheduler = scheduler(cores(8), 1);
        executor.refuse("unreachable");

        scheduler.submit(run("unreachable", 100, Duration.ofMinutes(1)), outcomes);

        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.has("unreachable"));
        ExecutionOutcome.Failed failed = (ExecutionOutcome.Failed) outcomes.of("unreachable");
        assertThat(failed.reason()).isEqualTo(FailureReason.ENGINE_UNAVAILABLE);
        assertThat(failed.reason().retryable()).isTrue();
        assertThat(scheduler.capacityInUse().runningJobs()).isZero();
    }

    @Test
    void aRunStoppedBeforeSubmissionEndsAtOnceWithItsReason() {
        scheduler = scheduler(cores(8), 1);
        ScheduledRun run = run("pre-cancelled", 100, Duration.ofMinutes(1));
        run.stopSignal().stop(StopReason.CANCEL, "cancelled before it arrived");

        scheduler.submit(run, outcomes);

        assertThat(outcomes.of("pre-cancelled")).isInstanceOf(ExecutionOutcome.Stopped.class);
        assertThat(executor.started()).isEmpty();
    }

    private JobScheduler scheduler(WorkerCapacity capacity, int maxJobs) {
        ExecutorRegistry registry =
                new ExecutorRegistry(List.of(executor), Set.of(EngineType.DOCKER));
        return new JobScheduler(
                registry, capacity, maxJobs, new TrawlerMetrics(new SimpleMeterRegistry()));
    }

    private static WorkerCapacity cores(int cores) {
        return new WorkerCapacity(CpuQuantity.ofCores(cores), ByteSize.ofMebibytes(64 * 1024), 0);
    }

    private static ScheduledRun run(String jobId, long millicores, Duration timeout) {
        Job document = new ObjectMapper().convertValue(Map.of("APIVersion", "V1beta2"), Job.class);
        ValidatedJob job =
                new ValidatedJob(
                        jobId,
                        document,
                        new DockerEngineSpec("busybox", null, null, null, null),
                        new ResourceRequest(
                                CpuQuantity.ofMillicores(millicores),
                                ByteSize.ofMebibytes(64),
                                Optional.empty(),
                                0),
                        timeout);
        return new ScheduledRun(
                new ExecutionRequest(job, jobId + "-execution", 1, "test-worker", 1024),
                PARTITION,
                Instant.now());
    }

    /** An engine whose executions run until released or stopped. */
    private static final class HeldExecutor implements Executor {

        private final List<String> started = new CopyOnWriteArrayList<>();
        private final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();
        private final Set<String> refused = ConcurrentHashMap.newKeySet();

        @Override
        public EngineType engineType() {
            return EngineType.DOCKER;
        }

        @Override
        public Execution start(ExecutionRequest request) {
            if (refused.contains(request.jobId())) {
                throw new ExecutorException(
                        FailureReason.ENGINE_UNAVAILABLE, "the engine cannot be reached");
            }
            CountDownLatch latch =
                    latches.computeIfAbsent(request.jobId(), id -> new CountDownLatch(1));
            started.add(request.jobId());
            return new Execution() {
                private volatile StopReason stopped;

                @Override
                public ExecutionOutcome awaitOutcome() throws InterruptedException {
                    latch.await(1, TimeUnit.MINUTES);
                    ExecutionResult result =
                            ExecutionResult.exited(0, CapturedOutput.EMPTY, CapturedOutput.EMPTY);
                    return stopped == null
                            ? new ExecutionOutcome.Succeeded(result)
                            : new ExecutionOutcome.Stopped(stopped, ExecutionResult.EMPTY);
                }

                @Override
                public void stop(StopReason reason) {
                    if (stopped == null) {
                        stopped = reason;
                    }
                    latch.countDown();
                }
            };
        }

        List<String> started() {
            return List.copyOf(started);
        }

        void release(String jobId) {
            latches.computeIfAbsent(jobId, id -> new CountDownLatch(1)).countDown();
        }

        void releaseAll() {
            latches.values().forEach(CountDownLatch::countDown);
        }

        void refuse(String jobId) {
            refused.add(jobId);
        }
    }

    /** The outcomes the scheduler reports, by job. */
    private static final class Outcomes implements RunListener {

        private final Map<String, ExecutionOutcome> outcomes = new ConcurrentHashMap<>();

        @Override
        public void started(ScheduledRun run) {}

        @Override
        public void finished(ScheduledRun run, ExecutionOutcome outcome) {
            outcomes.put(run.jobId(), outcome);
        }

        int count() {
            return outcomes.size();
        }

        boolean has(String jobId) {
            return outcomes.containsKey(jobId);
        }

        ExecutionOutcome of(String jobId) {
            return outcomes.get(jobId);
        }
    }
}
