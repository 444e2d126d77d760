package io.trawler.validation;

import io.trawler.intake.DecodeResult;
import io.trawler.intake.DecodingLimits;
import io.trawler.intake.RecordDecoder;
import io.trawler.job.Job;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Throughput of intake's CPU work on one core: decoding and validating a typical job document of
 * about 2 KB, and, for comparison, a hostile one refused early. One benchmark thread, so the figure
 * is jobs per second per core.
 *
 * <p>Not a test: run it by hand with
 *
 * <pre>
 * ./mvnw -B -q test-compile exec:exec@benchmark -Dbenchmark=io.trawler.validation.IntakeBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
public class IntakeBenchmark {

    private RecordDecoder decoder;
    private JobValidator validator;
    private byte[] typical;
    private byte[] duplicateKey;

    @Setup
    public void setUp() {
        decoder = new RecordDecoder(DecodingLimits.defaults());
        validator = new JobValidator(TestPolicies.standard());
        typical = typicalDocument().bytes();
        duplicateKey =
                HostileCorpus.entries().stream()
                        .filter(entry -> entry.fileName().contains("duplicate-image-key"))
                        .findFirst()
                        .orElseThrow()
                        .bytes();
        if (!(validator.validate("benchmark-typical", decode(typical))
                instanceof ValidationResult.Valid)) {
            throw new IllegalStateException("the typical document must be valid");
        }
    }

    /** The test suite's typical docker job, grown to about 2 KB with what real jobs carry. */
    static JobDocument typicalDocument() {
        return JobDocument.docker("benchmark-typical")
                .set(
                        "/Spec/EngineSpec/Params/EnvironmentVariables",
                        List.of(
                                "MODE=batch",
                                "THREADS=2",
                                "LANG=C.UTF-8",
                                "TZ=UTC",
                                "DATASET=s3-mirror/2024/05/01",
                                "RESULT_FORMAT=parquet",
                                "LOG_LEVEL=info",
                                "UPLOAD_PREFIX=results/nightly/team-analytics",
                                "RETRY_LIMIT=3",
                                "HTTP_TIMEOUT_SECONDS=30"))
                .set(
                        "/Spec/Annotations",
                        List.of("nightly", "team-analytics", "cost-centre-4711", "retention-30d"))
                .setJson(
                        "/Spec/Inputs/2",
                        "{\"StorageSource\": \"urlDownload\", \"Name\": \"lookup\", \"URL\":"
                            + " \"https://data.example.com/sets/2024/lookup-tables/regions.json\","
                            + " \"Path\": \"/inputs/regions.json\"}")
                .setJson(
                        "/Spec/Inputs/3",
                        "{\"StorageSource\": \"inline\", \"Name\": \"config\", \"URL\":"
                            + " \"data:application/json;base64,"
                            + "eyJ0aHJlc2hvbGQiOjAuNzUsIndpbmRvdyI6IjdkIiwibWV0cmljcyI6WyJwOTUiLCJtZWFuIl19\","
                            + " \"Path\": \"/inputs/config.json\"}");
    }

    /** A typical valid job: decoded, bound, and through every check. */
    @Benchmark
    public ValidationResult decodeAndValidateTypicalJob() {
        return validator.validate("benchmark-typical", decode(typical));
    }

    /** Decoding alone of the typical job, to tell its share from validation's. */
    @Benchmark
    public DecodeResult decodeTypicalJob() {
        return decoder.decode(typical);
    }

    /** A hostile record refused while decoding, at the duplicate key. */
    @Benchmark
    public DecodeResult refuseDuplicateKey() {
        return decoder.decode(duplicateKey);
    }

    private Job decode(byte[] value) {
        return ((DecodeResult.Decoded) decoder.decode(value)).job();
    }

    /**
     * Runs the JMH benchmarks, then measures the typical job once more by the CPU time of this
     * thread rather than the clock, which stays a per-core figure on a machine that other work
     * shares.
     */
    public static void main(String[] args) throws RunnerException {
        System.out.println("typical document: " + typicalDocument().bytes().length + " bytes");
        new Runner(new OptionsBuilder().include(IntakeBenchmark.class.getName()).build()).run();
        printCpuTimeThroughput();
    }

    private static void printCpuTimeThroughput() {
        IntakeBenchmark benchmark = new IntakeBenchmark();
        benchmark.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Results are folded into a value that is printed, so no call can be optimized away.
        int sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink ^= System.identityHashCode(benchmark.decodeAndValidateTypicalJob());
        }
        for (int round = 1; round <= 5; round++) {
            int jobs = 100_000;
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < jobs; i++) {
                sink ^= System.identityHashCode(benchmark.decodeAndValidateTypicalJob());
            }
            double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "decode and validate, round %d: %.0f jobs per CPU-second%n",
                    round,
                    jobs / seconds);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
