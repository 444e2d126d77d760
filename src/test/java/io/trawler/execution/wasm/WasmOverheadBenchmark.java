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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures what running a module as a job costs on top of running it straight with Chicory.
 *
 * <p>Two workloads: {@code hello} (one {@code fd_write}, so the job's own cost is all there is to
 * see) and {@code compute} (a loop of 20 million iterations with memory traffic, some tens of
 * milliseconds compiled: a typical job). For each it first times a fresh executor's first job,
 * which parses and compiles the module, against its next cached ones. Then it prepares the module
 * once more for the direct runs and interleaves three kinds of run many times, rotating their
 * order: a whole job through {@link WasmExecutor} (data: URL decoding, SHA-256 and cache look-up,
 * the job's workspace, a pooled thread, WASI with the read-only guard, capped memory, the outcome
 * handed back), a direct call of the cached module with Chicory on the calling thread (WASI with
 * captured output, a fresh instance, {@code _start}), and the same direct call with the executor's
 * capped memory. It prints the median and p95 of each, their ratios, the per-job overhead (job
 * minus the direct run next to it), how many modules were prepared during the measured runs, and
 * the load average before and after.
 *
 * <p>Run with {@code ./mvnw -o -q test-compile exec:java
 * -Dexec.mainClass=io.trawler.execution.wasm.WasmOverheadBenchmark -Dexec.classpathScope=test} and
 * optionally {@code -Dexec.args="compiler 300 hello,compute"} (runtime, measured runs per kind,
 * workloads).
 */
public final class WasmOverheadBenchmark {

    private static final int CACHED_RUNS = 50;

    private WasmOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Runtime runtime =
                args.length > 0
                        ? Runtime.valueOf(args[0].toUpperCase(Locale.ROOT))
                        : Runtime.COMPILER;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        List<String> workloads =
                args.length > 2 ? List.of(args[2].split(",")) : List.of("hello", "compute");
        // Rounds run before measuring: half the measured runs, at most 150.
        int warmUp = Math.min(150, runs / 2);
        System.out.printf(
                "runtime=%s runs=%d warmUp=%d java=%s cores=%d load=%s%n",
                runtime,
                runs,
                warmUp,
                System.getProperty("java.version"),
                java.lang.Runtime.getRuntime().availableProcessors(),
                loadAverage());
        for (String workload : workloads) {
            firstRunAgainstCached(runtime, workload);
            warmOverhead(runtime, workload, runs, warmUp);
            System.out.printf("%-8s load after %s%n", workload, loadAverage());
        }
    }

    private static void firstRunAgainstCached(Runtime runtime, String workload) throws Exception {
        WasmExecutor executor = WasmJobs.executor(WasmJobs.settings(runtime));
        long first = timeJob(executor, workload);
        long preparedByFirst = executor.modulePreparations();
        long[] cached = new long[CACHED_RUNS];
        for (int i = 0; i < cached.length; i++) {
            cached[i] = timeJob(executor, workload);
        }
        System.out.printf(
                "%-8s first job %8.2f ms (modules prepared %d), next %d jobs median %8.3f ms"
                        + " (modules prepared %d)%n",
                workload,
                millis(first),
                preparedByFirst,
                cached.length,
                millis(median(cached)),
                executor.modulePreparations() - preparedByFirst);
        executor.close();
    }

    private static void warmOverhead(Runtime runtime, String workload, int runs, int warmUp)
            throws Exception {
        WasmExecutor executor = WasmJobs.executor(WasmJobs.settings(runtime));
        timeJob(executor, workload);
        PreparedModule prepared =
                new ModuleCache(runtime, 1).prepare(TestModules.bytes(workload), workload);
        long[][] warm = new long[3][warmUp];
        for (int i = 0; i < warmUp; i++) {
            round(i, executor, workload, prepared, warm);
        }
        long preparedBefore = executor.modulePreparations();

        long[][] times = new long[3][runs];
        for (int i = 0; i < runs; i++) {
            round(i, executor, workload, prepared, times);
        }
        long preparedDuring = executor.modulePreparations() - preparedBefore;
        executor.close();

        long[] job = times[0];
        long[] direct = times[1];
        long[] overhead = new long[runs];
        for (int i = 0; i < runs; i++) {
            overhead[i] = job[i] - direct[i];
        }
        System.out.printf(
                "%-8s job    median %8.3f ms p95 %8.3f ms%n"
                        + "%-8s direct median %8.3f ms p95 %8.3f ms"
                        + " (capped memory: median %8.3f ms)%n"
                        + "%-8s ratio job/direct: of medians %5.3f, of p95s %5.3f;"
                        + " overhead per job: median %6.3f ms, p95 %6.3f ms;"
                        + " modules prepared during the measured runs %d%n",
                workload,
                millis(median(job)),
                millis(p95(job)),
                workload,
                millis(median(direct)),
                millis(p95(direct)),
                millis(median(times[2])),
                workload,
                (double) median(job) / median(direct),
                (double) p95(job) / p95(direct),
                millis(median(overhead)),
                millis(p95(overhead)),
                preparedDuring);
    }

    /**
     * One job, one direct run and one direct run with capped memory, into {@code times[0..2][i]},
     * in an order that rotates, so that none always runs on caches another one warmed.
     */
    private static void round(
            int i, WasmExecutor executor, String workload, PreparedModule prepared, long[][] times)
            throws Exception {
        switch (i % 3) {
            case 0 -> {
                times[0][i] = timeJob(executor, workload);
                times[1][i] = timeDirect(prepared, false);
                times[2][i] = timeDirect(prepared, true);
            }
            case 1 -> {
                times[1][i] = timeDirect(prepared, false);
                times[2][i] = timeDirect(prepared, true);
                times[0][i] = timeJob(executor, workload);
            }
            default -> {
                times[2][i] = timeDirect(prepared, true);
                times[0][i] = timeJob(executor, workload);
                times[1][i] = timeDirect(prepared, false);
            }
        }
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

    /** The 1, 5 and 15 minute load averages of the machine, as Linux reports them. */
    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        if (!Files.isReadable(loadavg)) {
            return "unknown";
        }
        String[] fields = Files.readString(loadavg).trim().split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
