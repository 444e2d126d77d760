package io.trawler.execution.wasm;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.trawler.config.TrawlerConfig.Wasm.Runtime;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Measures what running a module as a job costs on top of running it straight with Chicory.
 *
 * <p>Two workloads: {@code hello} (one {@code fd_write}, so the job's own cost is all there is to
 * see) and {@code compute} (a loop of 20 million iterations with memory traffic, some tens of
 * milliseconds compiled: a typical job). For each it first times a fresh executor's first job,
 * which parses and compiles the module, against its next cached ones. Then, on a fresh executor, it
 * takes the module its first job prepared for the direct runs too, warms up, and interleaves three
 * kinds of run many times: a whole job through {@link WasmExecutor} (data: URL decoding, SHA-256
 * and cache look-up, a workspace without a directory as the jobs have no inputs or outputs, a
 * pooled thread, WASI with the read-only guard, capped memory, the outcome handed back), a direct
 * call of the cached module with Chicory on the calling thread (WASI with captured output,
 * Chicory's memory held to the jobs' page cap, a fresh instance, {@code _start}), and the same
 * direct call with the executor's capped memory, in an order drawn afresh for every round. It
 * prints the median and p95 of each, their ratios, the per-job overhead (the job minus the direct
 * run of its round), how many modules were prepared during the measured runs, and the load average
 * before and after.
 *
 * <p>Run with {@code ./mvnw -o -q test-compile exec:java
 * -Dexec.mainClass=io.trawler.execution.wasm.WasmOverheadBenchmark -Dexec.classpathScope=test} and
 * optionally {@code -Dexec.args="compiler 300 hello,compute"} (runtime, measured runs per kind,
 * workloads).
 */
public final class WasmOverheadBenchmark {

    private static final int CACHED_RUNS = 50;

    /** What the jobs' memory is capped at: the executor's 1024 pages, below their 256 MiB. */
    private static final int MEMORY_CAP_PAGES = 1024;

    /**
     * Chicory's own memory, held to the jobs' cap. Its page table is as large as its maximum, so an
     * uncapped one would make every direct run allocate one for 4 GiB.
     */
    private static final Function<MemoryLimits, Memory> CHICORY_MEMORY =
            limits ->
                    new ByteArrayMemory(
                            new MemoryLimits(
                                    limits.initialPages(),
                                    Math.min(limits.maximumPages(), MEMORY_CAP_PAGES),
                                    limits.shared()));

    /** The executor's capped memory, to tell its cost apart from the rest of a job's. */
    private static final Function<MemoryLimits, Memory> CAPPED_MEMORY =
            limits -> CappedMemory.of(limits, MEMORY_CAP_PAGES);

    private static final Duration WARM_UP_MINIMUM = Duration.ofSeconds(10);

    private WasmOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Runtime runtime =
                args.length > 0
                        ? Runtime.valueOf(args[0].toUpperCase(Locale.ROOT))
                        : Runtime.COMPILER;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        List<String> workloads =
                args.length > 2 ? List.of(args[2].split(",")) : List.of("hello", "compute");
        // Rounds run before measuring: half the measured runs, at most 150, and for at least
        // WARM_UP_MINIMUM.
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
        // The very module the jobs run, compiled classes and all, so that both kinds of run use
        // the same code the JIT compiled once.
        PreparedModule prepared = executor.preparedModule(TestModules.bytes(workload));
        Random order = new Random(42);
        // The JIT keeps compiling for a while after the first rounds of a cheap workload, on the
        // same cores: warm up for a number of rounds and for a minimum time, whichever is longer.
        long[][] warm = new long[3][1];
        long warmUntil = System.nanoTime() + WARM_UP_MINIMUM.toNanos();
        int warmRounds = 0;
        while (warmRounds < warmUp || System.nanoTime() < warmUntil) {
            round(0, executor, workload, prepared, order, warm);
            warmRounds++;
        }
        long preparedBefore = executor.modulePreparations();

        long[][] times = new long[3][runs];
        for (int i = 0; i < runs; i++) {
            round(i, executor, workload, prepared, order, times);
        }
        long preparedDuring = executor.modulePreparations() - preparedBefore;
        executor.close();

        long[] job = times[0];
        long[] direct = times[1];
        long[] overhead = new long[runs];
        for (int i = 0; i < runs; i++) {
            overhead[i] = job[i] - direct[i];
        }
        System.out.printf("%-8s warm-up rounds %d%n", workload, warmRounds);
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
     * in an order drawn afresh for every round, so that none always runs on caches another one
     * warmed or while the thread of the job before it is still going back to its pool.
     */
    private static void round(
            int i,
            WasmExecutor executor,
            String workload,
            PreparedModule prepared,
            Random order,
            long[][] times)
            throws Exception {
        List<Integer> kinds = new ArrayList<>(List.of(0, 1, 2));
        Collections.shuffle(kinds, order);
        for (int kind : kinds) {
            times[kind][i] =
                    switch (kind) {
                        case 0 -> timeJob(executor, workload);
                        case 1 -> timeDirect(prepared, CHICORY_MEMORY);
                        default -> timeDirect(prepared, CAPPED_MEMORY);
                    };
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

    /** Runs the module straight with Chicory on the calling thread, with the memory given. */
    private static long timeDirect(
            PreparedModule prepared, Function<MemoryLimits, Memory> memoryFactory) {
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
                            .withMemoryFactory(memoryFactory)
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
