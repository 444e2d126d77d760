package io.trawler.execution.wasm;

import io.trawler.config.TrawlerConfig;
import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.Executor;
import io.trawler.execution.storage.JobStorage;
import io.trawler.job.EngineType;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs wasm jobs in this JVM with Chicory, each on a thread of its own while it runs, with WASI
 * preview 1 as the only host interface: arguments, environment, clocks, random numbers, captured
 * stdout and stderr, and the job's directories. Modules are prepared once per content and kept in a
 * bounded cache.
 *
 * <p>{@link #start} returns as soon as the run is handed to its thread; fetching, compiling and
 * instantiating happen on that thread, so a stop reaches a run in any of those steps. Threads are
 * reused: up to {@code trawler.execution.max-concurrent-jobs} of them wait for the next run for a
 * minute after their last one. A thread that waits runs nothing of any job, and its interrupt flag
 * is cleared before it is handed the next one.
 */
@ApplicationScoped
public class WasmExecutor implements Executor {

    private static final Logger LOG = Logger.getLogger(WasmExecutor.class);
    private static final long PAGE_BYTES = 65536;
    private static final Duration IDLE_THREAD_KEEP_ALIVE = Duration.ofMinutes(1);

    private final WasmSettings settings;
    private final ModuleLoader loader;
    private final ModuleCache cache;
    private final JobStorage storage;
    private final RunThreads threads;

    @Inject
    WasmExecutor(TrawlerConfig config, JobStorage storage) {
        this(WasmSettings.from(config.wasm()), storage, config.execution().maxConcurrentJobs());
    }

    /**
     * @param idleThreads the most threads kept waiting for the next run
     */
    WasmExecutor(WasmSettings settings, JobStorage storage, int idleThreads) {
        this.settings = settings;
        this.storage = storage;
        this.loader = new ModuleLoader(settings, storage.settings());
        this.cache = new ModuleCache(settings.runtime(), settings.moduleCacheSize());
        this.threads = new RunThreads(idleThreads, IDLE_THREAD_KEEP_ALIVE);
        LOG.infof(
                "wasm executor ready runtime=%s maxMemoryPages=%d moduleCacheSize=%d"
                        + " localDirectories=%s",
                settings.runtime(),
                settings.maxMemoryPages(),
                settings.moduleCacheSize(),
                storage.settings().allowedLocalDirectories());
    }

    @Override
    public EngineType engineType() {
        return EngineType.WASM;
    }

    @Override
    public Execution start(ExecutionRequest request) {
        int memoryCap = memoryCapPages(request);
        WasmExecution execution =
                new WasmExecution(
                        request.jobId(),
                        stopRequested ->
                                new ModuleRun(
                                        request, storage, loader, cache, memoryCap, stopRequested));
        execution.start(threads);
        LOG.debugf("wasm run started jobId=%s memoryCapPages=%d", request.jobId(), memoryCap);
        return execution;
    }

    /**
     * The operator's cap, lowered to the memory the job was given so that a job never uses more
     * than the scheduler reserved for it; the module's own maximum is applied on top.
     */
    private int memoryCapPages(ExecutionRequest request) {
        long granted = request.job().resources().memory().bytes() / PAGE_BYTES;
        return (int) Math.min(settings.maxMemoryPages(), granted);
    }

    /** Ends the threads that wait for a run; runs still going end by themselves. */
    @PreDestroy
    void close() {
        threads.close();
    }

    /** How many modules this executor parsed and compiled, for tests and the benchmark. */
    long modulePreparations() {
        return cache.preparations();
    }

    /** The module for these bytes from this executor's cache, for the benchmark's direct runs. */
    PreparedModule preparedModule(byte[] bytes) throws JobFailure, InterruptedException {
        return cache.prepare(bytes, "the module");
    }

    /** The threads runs run on, for tests and the benchmark. */
    RunThreads threads() {
        return threads;
    }
}
