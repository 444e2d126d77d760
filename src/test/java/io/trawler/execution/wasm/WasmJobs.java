package io.trawler.execution.wasm;

import io.trawler.config.TrawlerConfig;
import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.storage.JobStorage;
import io.trawler.execution.storage.StorageSettings;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import io.trawler.job.EngineSpec;
import io.trawler.job.Job;
import io.trawler.job.PublisherSpec;
import io.trawler.job.Spec;
import io.trawler.job.StorageSpec;
import io.trawler.job.WasmEngineSpec;
import io.trawler.validation.ResourceRequest;
import io.trawler.validation.ValidatedJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Builds wasm jobs and executor settings for tests. */
final class WasmJobs {

    static final int OUTPUT_CAP = 4096;

    /** The idle threads an executor of these tests keeps, as a worker does by default. */
    static final int IDLE_THREADS = 8;

    private WasmJobs() {}

    static WasmSettings settings(TrawlerConfig.Wasm.Runtime runtime) {
        return settings(runtime, 1024);
    }

    static WasmSettings settings(TrawlerConfig.Wasm.Runtime runtime, int maxMemoryPages) {
        return new WasmSettings(maxMemoryPages, runtime, 8, 1024 * 1024, Duration.ofSeconds(5));
    }

    static WasmEngineSpec spec(StorageSpec entry) {
        return new WasmEngineSpec(entry, null, List.of(), Map.of(), List.of());
    }

    /** An executor whose workspaces and published results go under a fresh directory. */
    static WasmExecutor executor(WasmSettings settings) {
        return new WasmExecutor(settings, storage(), IDLE_THREADS);
    }

    /** An executor that allows localDirectory inputs and modules below {@code localDirectories}. */
    static WasmExecutor executor(WasmSettings settings, List<Path> localDirectories) {
        return new WasmExecutor(
                settings, storage(freshDirectory(), localDirectories), IDLE_THREADS);
    }

    static JobStorage storage() {
        return storage(freshDirectory());
    }

    /**
     * Storage under {@code root}: workspaces in {@code work}, published results in {@code results},
     * and localDirectory inputs and modules allowed from anywhere below {@code root}.
     */
    static JobStorage storage(Path root) {
        try {
            return storage(root, List.of(root.toRealPath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path freshDirectory() {
        try {
            return Files.createTempDirectory("trawler-wasm-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JobStorage storage(Path root, List<Path> localDirectories) {
        try {
            return new JobStorage(
                    new StorageSettings(
                            root.toRealPath().resolve("work"),
                            localDirectories,
                            1024 * 1024,
                            false,
                            1024 * 1024,
                            Duration.ofSeconds(5),
                            root.toRealPath().resolve("results")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExecutionRequest request(WasmEngineSpec spec) {
        return request(spec, ByteSize.ofMebibytes(256));
    }

    static ExecutionRequest request(WasmEngineSpec spec, ByteSize memory) {
        return request(spec, memory, List.of(), List.of(), null);
    }

    static ExecutionRequest request(
            WasmEngineSpec spec,
            ByteSize memory,
            List<StorageSpec> inputs,
            List<StorageSpec> outputs,
            PublisherSpec publisher) {
        String jobId = "wasm-test-" + UUID.randomUUID();
        Spec document =
                new Spec(
                        new EngineSpec("wasm", Map.of()),
                        publisher,
                        null,
                        null,
                        null,
                        inputs,
                        outputs,
                        List.of(),
                        List.of(),
                        false,
                        null);
        ValidatedJob job =
                new ValidatedJob(
                        jobId,
                        new Job("V1beta2", null, document),
                        spec,
                        new ResourceRequest(
                                CpuQuantity.ofMillicores(100), memory, Optional.empty(), 0),
                        Duration.ofMinutes(1));
        return new ExecutionRequest(job, jobId + "-1", 1, "test-worker", OUTPUT_CAP);
    }

    /** The execution's outcome, failing the test when it takes more than 30 seconds. */
    static ExecutionOutcome outcome(Execution execution) throws Exception {
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        try {
            Callable<ExecutionOutcome> await = execution::awaitOutcome;
            Future<ExecutionOutcome> future = waiter.submit(await);
            return future.get(30, TimeUnit.SECONDS);
        } finally {
            waiter.shutdownNow();
        }
    }

    /** Whether a run's thread is still alive. */
    static boolean runThreadAlive(String jobId) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("trawler-wasm-" + jobId));
    }
}
