package io.trawler.execution.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.storage.JobStorage;
import io.trawler.execution.storage.JobWorkspace;
import io.trawler.execution.storage.StorageSettings;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Measures what the Docker executor adds to running one container: the same short job, run through
 * {@link DockerExecutor} and directly through the Engine API (create, start, wait, read the logs,
 * remove, with the same image, command and host configuration), interleaved so that both see the
 * same machine. Prints the median and 95th percentile of each and their ratios.
 *
 * <p>Run with {@code ./mvnw -o test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.trawler.execution.docker.DockerOverheadBenchmark [-Dexec.args=RUNS]}.
 */
public final class DockerOverheadBenchmark {

    private static final int WARM_UP = 3;

    private DockerOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path temp = Files.createTempDirectory("trawler-benchmark-");
        try (DockerEngine engine =
                new DockerEngine(DockerTestJobs.HOST, "1.41", Duration.ofSeconds(5))) {
            JobStorage storage =
                    new JobStorage(
                            new StorageSettings(
                                    temp.resolve("work"),
                                    List.of(),
                                    1024,
                                    false,
                                    0,
                                    Duration.ofSeconds(1),
                                    temp.resolve("results")));
            DockerExecutor executor =
                    new DockerExecutor(
                            engine, storage, DockerTestJobs.settings(), "benchmark-worker");
            List<Long> direct = new ArrayList<>();
            List<Long> viaExecutor = new ArrayList<>();

            for (int i = 0; i < WARM_UP + runs; i++) {
                boolean directFirst = i % 2 == 0;
                long first =
                        directFirst ? runDirect(engine.client(), storage) : runExecutor(executor);
                long second =
                        directFirst ? runExecutor(executor) : runDirect(engine.client(), storage);
                if (i >= WARM_UP) {
                    direct.add(directFirst ? first : second);
                    viaExecutor.add(directFirst ? second : first);
                }
            }

            report(runs, direct, viaExecutor);
            executor.close();
        }
    }

    private static ExecutionRequest request() {
        return DockerTestJobs.job("bench").shell("echo hello; echo world >&2").request();
    }

    private static long runExecutor(DockerExecutor executor) throws InterruptedException {
        ExecutionRequest request = request();
        long started = System.nanoTime();
        ExecutionOutcome outcome = executor.start(request).awaitOutcome();
        long elapsed = System.nanoTime() - started;
        if (!(outcome instanceof ExecutionOutcome.Succeeded)
                || !outcome.result().stdout().text().equals("hello\n")) {
            throw new IllegalStateException("the executor's run went wrong: " + outcome);
        }
        return elapsed;
    }

    /** The same container through the Engine API, as a caller without Trawler would run it. */
    private static long runDirect(DockerClient client, JobStorage storage) throws Exception {
        ExecutionRequest request = request();
        ContainerPlan plan;
        try (JobWorkspace workspace = storage.prepare(request)) {
            plan = ContainerPlan.of(request, workspace, DockerTestJobs.settings());
        }
        long started = System.nanoTime();
        String id =
                client.createContainerCmd(plan.image().name())
                        .withName("bench-direct-" + UUID.randomUUID())
                        .withEntrypoint(plan.entrypoint())
                        .withHostConfig(plan.hostConfig())
                        .exec()
                        .getId();
        client.startContainerCmd(id).exec();
        int exitCode =
                client.waitContainerCmd(id)
                        .exec(new WaitContainerResultCallback())
                        .awaitStatusCode();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        client.logContainerCmd(id)
                .withStdOut(true)
                .withStdErr(true)
                .exec(
                        new ResultCallback.Adapter<Frame>() {
                            @Override
                            public void onNext(Frame frame) {
                                if (frame.getStreamType() == StreamType.STDOUT) {
                                    stdout.writeBytes(frame.getPayload());
                                }
                            }
                        })
                .awaitCompletion();
        client.removeContainerCmd(id).withForce(true).exec();
        long elapsed = System.nanoTime() - started;
        if (exitCode != 0 || !stdout.toString().equals("hello\n")) {
            throw new IllegalStateException("the direct run went wrong: exit " + exitCode);
        }
        return elapsed;
    }

    private static void report(int runs, List<Long> direct, List<Long> viaExecutor) {
        List<Long> differences = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            differences.add(viaExecutor.get(i) - direct.get(i));
        }
        double directMedian = percentile(direct, 50);
        double executorMedian = percentile(viaExecutor, 50);
        double directP95 = percentile(direct, 95);
        double executorP95 = percentile(viaExecutor, 95);
        System.out.printf(
                Locale.ROOT,
                "docker overhead, %d interleaved runs each%n"
                        + "  direct Engine API: median %.1f ms, p95 %.1f ms%n"
                        + "  DockerExecutor:    median %.1f ms, p95 %.1f ms%n"
                        + "  ratio executor/direct: median %.3f, p95 %.3f%n"
                        + "  executor minus direct, same pair: median %.1f ms%n",
                runs,
                directMedian,
                directP95,
                executorMedian,
                executorP95,
                executorMedian / directMedian,
                executorP95 / directP95,
                percentile(differences, 50));
    }

    private static double percentile(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000_000.0;
    }
}
