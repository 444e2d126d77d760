package io.trawler.execution.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import io.trawler.config.TrawlerConfig.Wasm.Runtime;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.storage.JobStorage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures what running a module as a job costs on top of running it straight with Chicory.
 *
 * <p>For each workload it prepares the module once, then interleaves two kinds of run many times: a
 * whole job through {@link WasmExecutor} (data: URL decoding, SHA-256 and cache look-up, the job's
 * workspace, a thread of its own, WASI with the read-only guard, capped memory, the outcome), and a
 * direct call of the cached module with Chicory on the calling thread (WASI with captured output, a
 * fresh instance, {@code _start}). It prints the median and p95 of each and their ratios, the first
 * run of a fresh executor against its cached runs, and how many modules were prepared.
 *
 * <p>Run with {@code ./mvnw -o -q test-compile exec:java
 * -Dexec.mainClass=io.trawler.execution.wasm.WasmOverheadBenchmark -Dexec.classpathScope=test} and
 * optionally {@code -Dexec.args="compiler 400"} (runtime, measured runs per kind).
 */
public final class WasmOverheadBenchmark {

    private WasmOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Runtime runtime =
                args.length > 0
                        ? Runtime.valueOf(args[0].toUpperCase(Locale.ROOT))
                        : Runtime.COMPILER;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        // Pairs run before measuring: half the measured runs, at most 200.
        int warmUp = Math.min(200, runs / 2);
        System.out.printf(
                "runtime=%s runs=%d warmUp=%d java=%s%n",
                runtime, runs, warmUp, System.getProperty("java.version"));
        fixedCosts(runs, warmUp);
        List<String> workloads =
                args.length > 2 ? List.of(args[2].split(",")) : List.of("hello", "compute");
        for (String workload : workloads) {
            firstRunAgainstCached(runtime, workload);
            warmOverhead(runtime, workload, runs, warmUp);
        }
    }

    /** Two costs every job pays whatever its module: its thread, and its workspace on disk. */
    private static void fixedCosts(int runs, int warmUp) throws Exception {
        JobStorage storage = WasmJobs.storage();
        ExecutionRequest request = WasmJobs.request(WasmJobs.spec(TestModules.inline("hello")));
        long[] thread = new long[runs];
        long[] workspace = new long[runs];
        for (int i = 0; i < warmUp + runs; i++) {
            long started = System.nanoTime();
            Thread empty = new Thread(() -> {});
            empty.start();
            empty.join();
            long threadDone = System.nanoTime();
            ExecutionRequest fresh =
                    new ExecutionRequest(request.job(), "bench-" + i, 1, "bench", 4096);
            storage.prepare(fresh).close();
            long workspaceDone = System.nanoTime();
            if (i >= warmUp) {
                thread[i - warmUp] = threadDone - started;
                workspace[i - warmUp] = workspaceDone - threadDone;
            }
        }
        System.out.printf(
                "fixed    thread start+join median %6.3f ms, empty workspace prepare+close"
                        + " median %6.3f ms%n",
                millis(median(thread)), millis(median(workspace)));
    }

    private static void firstRunAgainstCached(Runtime runtime, String workload) throws Exception {
        WasmExecutor executor = WasmJobs.executor(WasmJobs.settings(runtime));
        long first = timeJob(executor, workload);
        long[] cached = new long[50];
        for (int i = 0; i < cached.length; i++) {
            cached[i] = timeJob(executor, workload);
        }
        System.out.printf(
                "%-8s first job %8.2f ms, cached job median %8.3f ms (%d cached runs),"
                        + " modules prepared %d%n",
                workload,
                millis(first),
                millis(median(cached)),
                cached.length,
                executor.modulePreparations());
    }

    private static void warmOverhead(Runtime runtime, String workload, int runs, int warmUp)
            throws Exception {
        WasmExecutor executor = WasmJobs.executor(WasmJobs.settings(runtime));
        timeJob(executor, workload);
        PreparedModule prepared =
                new ModuleCache(runtime, 1).prepare(TestModules.bytes(workload), workload);
        for (int i = 0; i < warmUp; i++) {
            timeJob(executor, workload);
            timeDirect(prepared, false);
            timeDirect(prepared, true);
        }
        long preparedBefore = executor.modulePreparations();

        long[] job = new long[runs];
        long[] direct = new long[runs];
        long[] capped = new long[runs];
        for (int i = 0; i < runs; i++) {
            // Rotate the order, so that none always runs on caches another one warmed.
            switch (i % 3) {
                case 0 -> {
                    job[i] = timeJob(executor, workload);
                    direct[i] = timeDirect(prepared, false);
                    capped[i] = timeDirect(prepared, true);
                }
                case 1 -> {
                    direct[i] = timeDirect(prepared, false);
                    capped[i] = timeDirect(prepared, true);
                    job[i] = timeJob(executor, workload);
                }
                default -> {
                    capped[i] = timeDirect(prepared, true);
                    job[i] = timeJob(executor, workload);
                    direct[i] = timeDirect(prepared, false);
                }
            }
        }

        System.out.printf(
                "%-8s job median %8.3f ms p95 %8.3f ms | direct median %8.3f ms p95 %8.3f ms |"
                        + " ratio median %5.2f p95 %5.2f | direct, capped memory: median %8.3f ms"
                        + " | preparations during runs %d%n",
                workload,
                millis(median(job)),
                millis(p95(job)),
                millis(median(direct)),
                millis(p95(direct)),
                (double) median(job) / median(direct),
                (double) p95(job) / p95(direct),
                millis(median(capped)),
                executor.modulePreparations() - preparedBefore);
    }

    private static long timeJob(WasmExecutor executor, String workload) throws Exception {
        ExecutionRequest request = WasmJobs.request(WasmJobs.spec(TestModules.inline(workload)));
        long started = System.nanoTime();
        ExecutionOutcome outcome = executor.start(request).awaitOutcome();
        long elapsed = System.nanoTime() - started;
        if (!(outcome instanceof ExecutionOutcome.Succeeded)) {
            throw new IllegalStateException(workload + " did not succeed: " + outcome);
        }
        return elapsed;
    }

    /**
     * Runs the module straight with Chicory; {@code cappedMemory} swaps Chicory's memory for the
     * executor's capped one, to tell the cost of the cap apart from the rest.
     */
    private static long timeDirect(PreparedModule prepared, boolean cappedMemory) {
        long started = System.nanoTime();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        WasiOptions options =
                WasiOptions.builder()
                        .withArguments(List.of("main.wasm"))
                        .withStdout(stdout, false)
                        .withStderr(new ByteArrayOutputStream(), false)
                        .build();
        try (WasiPreview1 wasi =
                WasiPreview1.builder()
                        .withLogger(ChicoryLog.INSTANCE)
                        .withOptions(options)
                        .build()) {
            Instance instance =
                    Instance.builder(prepared.module())
                            .withImportValues(
                                    ImportValues.builder()
                                            .addFunction(wasi.toHostFunctions())
                                            .build())
                            .withMachineFactory(prepared.machineFactory())
                            .withMemoryFactory(
                                    cappedMemory
                                            ? limits -> CappedMemory.of(limits, 1024)
                                            : ByteArrayMemory::new)
                            .withStart(false)
                            .build();
            instance.export("_start").apply();
        } catch (WasiExitException e) {
            if (e.exitCode() != 0) {
                throw e;
            }
        }
        long elapsed = System.nanoTime() - started;
        if (stdout.size() == 0) {
            throw new IllegalStateException("the direct run wrote nothing");
        }
        return elapsed;
    }

    private static long median(long[] values) {
        return percentile(values, 0.50);
    }

    private static long p95(long[] values) {
        return percentile(values, 0.95);
    }

    private static long percentile(long[] values, double fraction) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[
                (int) Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1)))];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
