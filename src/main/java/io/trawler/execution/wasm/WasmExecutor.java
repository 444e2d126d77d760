package io.trawler.execution.wasm;

import io.trawler.config.TrawlerConfig;
import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.Executor;
import io.trawler.execution.storage.JobStorage;
import io.trawler.job.EngineType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs wasm jobs in this JVM with Chicory, each on a thread of its own, with WASI preview 1 as the
 * only host interface: arguments, environment, clocks, random numbers, captured stdout and stderr,
 * and the job's directories. Modules are prepared once per content and kept in a bounded cache.
 *
 * <p>{@link #start} returns as soon as the run's thread has started; fetching, compiling and
 * instantiating happen on that thread, so a stop reaches a run in any of those steps.
 */
@ApplicationScoped
public class WasmExecutor implements Executor {

    private static final Logger LOG = Logger.getLogger(WasmExecutor.class);
    private static final long PAGE_BYTES = 65536;

    private final WasmSettings settings;
    private final ModuleLoader loader;
    private final ModuleCache cache;
    private final JobStorage storage;

    @Inject
    WasmExecutor(TrawlerConfig config, JobStorage storage) {
        this(WasmSettings.from(config.wasm()), storage);
    }

    WasmExecutor(WasmSettings settings, JobStorage storage) {
        this.settings = settings;
        this.storage = storage;
        this.loader = new ModuleLoader(settings, storage.settings());
        this.cache = new ModuleCache(settings.runtime(), settings.moduleCacheSize());
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
        execution.start();
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

    /** How many modules this executor parsed and compiled, for tests and the benchmark. */
    long modulePreparations() {
        return cache.preparations();
    }
}
