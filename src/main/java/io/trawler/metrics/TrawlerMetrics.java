package io.trawler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.trawler.job.EngineType;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Every metric Trawler publishes, named in one place. Names follow Micrometer's dotted convention;
 * the Prometheus endpoint shows them with underscores, counters with a {@code _total} suffix and
 * timers in seconds ({@code trawler.job.run} becomes {@code trawler_job_run_seconds}).
 *
 * <p>Tags: {@code engine} is the engine's wire name ({@code docker}, {@code wasm}, {@code noop});
 * {@code state} a terminal or interrupted state in snake case; {@code reason} a stable refusal or
 * violation code; {@code resource} one of {@code cpu} (cores), {@code memory} (bytes), {@code gpu}
 * and {@code jobs}.
 *
 * <p>Created at start-up rather than on first use, so that a worker that has not read a record yet
 * already shows its zeros.
 */
@Startup
@Singleton
public class TrawlerMetrics {

    public static final String JOBS_RECEIVED = "trawler.jobs.received";
    public static final String JOBS_ACCEPTED = "trawler.jobs.accepted";
    public static final String JOBS_REJECTED = "trawler.jobs.rejected";
    public static final String JOBS_FINISHED = "trawler.jobs.finished";
    public static final String JOB_QUEUE_WAIT = "trawler.job.queue.wait";
    public static final String JOB_RUN = "trawler.job.run";
    public static final String JOBS_RUNNING = "trawler.jobs.running";
    public static final String JOBS_QUEUED = "trawler.jobs.queued";
    public static final String CAPACITY_USED = "trawler.capacity.used";
    public static final String CAPACITY_TOTAL = "trawler.capacity.total";
    public static final String DLQ_RECORDS = "trawler.dlq.records";
    public static final String STATUS_PUBLISH_FAILURES = "trawler.status.publish.failures";
    public static final String EXECUTOR_ERRORS = "trawler.executor.errors";

    private static final Duration[] SLOS = {
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(60),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofHours(1),
        Duration.ofHours(6)
    };

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter publishFailures;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    // Meters by their tag values: building and registering a meter for every job costs more than
    // the rest of the bookkeeping of a short job.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    // Gauges only hold their state object weakly: these keep the suppliers alive.
    private final List<DoubleSupplier> gaugeSources = new CopyOnWriteArrayList<>();

    private static final String[] ENDED_STATES = {
        "Completed", "Failed", "TimedOut", "Cancelled", "Interrupted"
    };

    public TrawlerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received =
                Counter.builder(JOBS_RECEIVED)
                        .description("Records read off the jobs topic")
                        .register(registry);
        this.publishFailures =
                Counter.builder(STATUS_PUBLISH_FAILURES)
                        .description("Lifecycle events Kafka did not acknowledge")
                        .register(registry);
        // Every engine's series exist from the start, so dashboards and alerts see zeros, not gaps.
        for (EngineType engine : EngineType.values()) {
            String name = engine.wireName();
            accepted(name, 0);
            runningOf(name);
            for (String state : ENDED_STATES) {
                finished(name, state, 0);
            }
            executorErrors(name);
        }
    }

    public void received() {
        received.increment();
    }

    public void accepted(String engine) {
        accepted(engine, 1);
    }

    private void accepted(String engine, int count) {
        counter(JOBS_ACCEPTED, "Jobs that passed validation", "engine", engine).increment(count);
    }

    public void rejected(String reason) {
        counter(
                        JOBS_REJECTED,
                        "Jobs refused by validation or decoding, by the first reason",
                        "reason",
                        reason)
                .increment();
    }

    /** A run started; {@code queued} is how long it waited for capacity. */
    public void started(String engine, Duration queued) {
        timer(JOB_QUEUE_WAIT, "Time from Accepted to Running", engine).record(queued);
        runningOf(engine).incrementAndGet();
    }

    /** A run that started has ended in {@code state} after running for {@code ran}. */
    public void ended(String engine, String state, Duration ran) {
        runningOf(engine).decrementAndGet();
        timer(JOB_RUN, "Time from Running to the end of the run", engine).record(ran);
        finished(engine, state);
    }

    /** A job ended in {@code state}, whether or not it ever ran. */
    public void finished(String engine, String state) {
        finished(engine, state, 1);
    }

    private void finished(String engine, String state, int count) {
        counters.computeIfAbsent(
                        JOBS_FINISHED + '|' + engine + '|' + state,
                        key ->
                                Counter.builder(JOBS_FINISHED)
                                        .description(
                                                "Jobs that ended, or were interrupted, by state")
                                        .tag("engine", engine)
                                        .tag("state", snakeCase(state))
                                        .register(registry))
                .increment(count);
    }

    public void deadLettered(String reason) {
        counter(DLQ_RECORDS, "Records sent to the dead-letter topic, by reason", "reason", reason)
                .increment();
    }

    public void statusPublishFailed() {
        publishFailures.increment();
    }

    public void executorError(String engine) {
        executorErrors(engine).increment();
    }

    private Counter executorErrors(String engine) {
        return counter(
                EXECUTOR_ERRORS,
                "Jobs failed by a fault of the worker or its engine",
                "engine",
                engine);
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(
                name + '|' + value,
                key ->
                        Counter.builder(name)
                                .description(description)
                                .tag(tag, value)
                                .register(registry));
    }

    /** Registers the gauges of one resource of the worker's capacity. */
    public void capacity(String resource, DoubleSupplier used, DoubleSupplier total) {
        gaugeSources.add(used);
        gaugeSources.add(total);
        Gauge.builder(CAPACITY_USED, used, DoubleSupplier::getAsDouble)
                .description("Capacity held by running jobs")
                .tag("resource", resource)
                .register(registry);
        Gauge.builder(CAPACITY_TOTAL, total, DoubleSupplier::getAsDouble)
                .description("Capacity this worker offers to jobs")
                .tag("resource", resource)
                .register(registry);
    }

    /** Registers the gauge of jobs waiting for capacity. */
    public void queue(DoubleSupplier queued) {
        gaugeSources.add(queued);
        Gauge.builder(JOBS_QUEUED, queued, DoubleSupplier::getAsDouble)
                .description("Accepted jobs waiting for capacity")
                .register(registry);
    }

    private AtomicInteger runningOf(String engine) {
        return running.computeIfAbsent(
                engine,
                key -> {
                    AtomicInteger count = new AtomicInteger();
                    Gauge.builder(JOBS_RUNNING, count, AtomicInteger::get)
                            .description("Jobs running now")
                            .tag("engine", key)
                            .register(registry);
                    return count;
                });
    }

    private Timer timer(String name, String description, String engine) {
        return timers.computeIfAbsent(
                name + '|' + engine,
                key ->
                        Timer.builder(name)
                                .description(description)
                                .tag("engine", engine)
                                .publishPercentileHistogram(false)
                                .serviceLevelObjectives(SLOS)
                                .register(registry));
    }

    /** {@code TimedOut} becomes {@code timed_out}. */
    static String snakeCase(String state) {
        return state.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
