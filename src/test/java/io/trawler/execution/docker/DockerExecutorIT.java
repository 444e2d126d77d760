package io.trawler.execution.docker;

import static io.trawler.execution.docker.DockerTestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.trawler.config.TrawlerConfig.Docker.PullPolicy;
import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.ExecutorException;
import io.trawler.execution.FailureReason;
import io.trawler.execution.PublishedOutput;
import io.trawler.execution.StopReason;
import io.trawler.execution.storage.JobStorage;
import io.trawler.execution.storage.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker executor against the real engine, with the busybox test image. */
class DockerExecutorIT {

    private static DockerEngine engine;
    private static DockerClient client;

    @TempDir Path temp;

    private DockerExecutor executor;
    private Path results;
    private Path workRoot;

    @BeforeAll
    static void connect() {
        engine = new DockerEngine(DockerTestJobs.HOST, "1.41", Duration.ofSeconds(5));
        try {
            engine.ping();
        } catch (RuntimeException e) {
            Assumptions.abort(
                    "skipped: no Docker engine reachable at " + DockerTestJobs.HOST + ": " + e);
        }
        client = engine.client();
        try {
            client.inspectImageCmd(DockerTestJobs.IMAGE).exec();
        } catch (RuntimeException e) {
            Assumptions.abort(
                    "skipped: the test image "
                            + DockerTestJobs.IMAGE
                            + " is not present; build it with"
                            + " src/test/docker/busybox/build-image.sh");
        }
    }

    @AfterAll
    static void disconnect() {
        if (engine != null) {
            engine.close();
        }
    }

    @BeforeEach
    void createExecutor() {
        executor = executor(DockerTestJobs.settings());
    }

    private DockerExecutor executor(DockerSettings settings) {
        workRoot = temp.resolve("work");
        results = temp.resolve("results");
        JobStorage storage =
                new JobStorage(
                        new StorageSettings(
                                workRoot,
                                List.of(),
                                1024 * 1024,
                                false,
                                0,
                                Duration.ofSeconds(1),
                                results));
        return new DockerExecutor(engine, storage, settings, "docker-test-worker");
    }

    private ExecutionOutcome run(ExecutionRequest request) throws InterruptedException {
        ExecutionOutcome outcome = executor.start(request).awaitOutcome();
        assertThat(containersOf(request)).as("containers left behind").isEmpty();
        assertThat(workRoot.resolve(request.executionId()))
                .as("workspace left behind")
                .doesNotExist();
        return outcome;
    }

    private static List<Container> containersOf(ExecutionRequest request) {
        return client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(ContainerIdentity.JOB_ID, request.jobId()))
                .exec();
    }

    private static InspectContainerResponse runningContainerOf(ExecutionRequest request) {
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                containersOf(request).stream()
                                        .anyMatch(c -> "running".equals(c.getState())));
        return client.inspectContainerCmd(containersOf(request).get(0).getId()).exec();
    }

    @Test
    void capturesStdoutStderrAndExitCodeSeparately() throws Exception {
        ExecutionRequest request = job("streams").shell("echo out; echo err >&2; exit 3").request();

        ExecutionOutcome outcome = run(request);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ExecutionOutcome.Failed.class,
                        failed ->
                                assertThat(failed.reason()).isEqualTo(FailureReason.NON_ZERO_EXIT));
        assertThat(outcome.result().exitCode()).hasValue(3);
        assertThat(outcome.result().stdout().text()).isEqualTo("out\n");
        assertThat(outcome.result().stderr().text()).isEqualTo("err\n");
        assertThat(outcome.result().stdout().truncated()).isFalse();
    }

    @Test
    void succeedsWhenTheCommandExitsWithZero() throws Exception {
        ExecutionOutcome outcome = run(job("zero").entrypoint("true").request());

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertThat(outcome.result().exitCode()).hasValue(0);
    }

    @Test
    void passesEnvironmentVariablesAndParameters() throws Exception {
        ExecutionRequest request =
                job("env")
                        .entrypoint("sh", "-c", "echo \"$GREETING $0 $1\"")
                        .parameters("first", "second")
                        .env("GREETING=hello", "UNUSED=x")
                        .request();

        ExecutionOutcome outcome = run(request);

        assertThat(outcome.result().stdout().text()).isEqualTo("hello first second\n");
    }

    @Test
    void runsInTheJobsWorkingDirectory() throws Exception {
        ExecutionOutcome outcome =
                run(job("workdir").entrypoint("pwd").workingDirectory("/work/here").request());

        assertThat(outcome.result().stdout().text()).isEqualTo("/work/here\n");
    }

    @Test
    void keepsTheHeadOfLongOutputAndFlagsTheCut() throws Exception {
        ExecutionRequest request =
                job("flood").shell("yes 0123456789 | head -c 100000").outputCap(1000).request();

        ExecutionOutcome outcome = run(request);

        assertThat(outcome.result().stdout().text()).hasSize(1000).startsWith("0123456789\n0123");
        assertThat(outcome.result().stdout().truncated()).isTrue();
        assertThat(outcome.result().stdout().totalBytes()).isEqualTo(100000);
    }

    @Test
    void killsAJobThatUsesMoreThanItsMemoryLimit() throws Exception {
        ExecutionRequest request =
                job("hog")
                        .memory("16Mi")
                        .shell("x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo survived")
                        .request();

        ExecutionOutcome outcome = run(request);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ExecutionOutcome.Failed.class,
                        failed -> {
                            assertThat(failed.reason()).isEqualTo(FailureReason.OUT_OF_MEMORY);
                            assertThat(failed.message()).contains("16 MiB");
                        });
        assertThat(outcome.result().stdout().text()).doesNotContain("survived");
    }

    @Test
    void givesAStoppedJobSigtermFirst() throws Exception {
        ExecutionRequest request =
                job("sigterm")
                        .shell(
                                "trap 'echo got-term; exit 0' TERM; echo ready; while true; do"
                                        + " sleep 0.1; done")
                        .request();
        Execution execution = executor.start(request);
        runningContainerOf(request);

        execution.stop(StopReason.CANCEL);
        ExecutionOutcome outcome = execution.awaitOutcome();

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ExecutionOutcome.Stopped.class,
                        stopped -> assertThat(stopped.reason()).isEqualTo(StopReason.CANCEL));
        assertThat(outcome.result().stdout().text()).contains("got-term");
        assertThat(outcome.result().exitCode()).isEmpty();
        assertThat(containersOf(request)).isEmpty();
    }

    @Test
    void killsAJobThatIgnoresSigtermOnceTheGraceIsOver() throws Exception {
        ExecutionRequest request = job("timeout").entrypoint("sleep", "300").request();
        Execution execution = executor.start(request);
        runningContainerOf(request);
        Instant stoppedAt = Instant.now();

        execution.stop(StopReason.TIMEOUT);
        execution.stop(StopReason.CANCEL);
        ExecutionOutcome outcome = execution.awaitOutcome();

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ExecutionOutcome.Stopped.class,
                        stopped -> assertThat(stopped.reason()).isEqualTo(StopReason.TIMEOUT));
        assertThat(Duration.between(stoppedAt, Instant.now()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1))
                .isLessThan(Duration.ofSeconds(15));
        assertThat(containersOf(request)).isEmpty();
    }

    @Test
    void keepsRunningWhenTheWaitingThreadIsInterrupted() throws Exception {
        ExecutionRequest request = job("interrupt").entrypoint("sleep", "300").request();
        Execution execution = executor.start(request);
        CompletableFuture<Throwable> waiter = new CompletableFuture<>();
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                execution.awaitOutcome();
                                waiter.complete(null);
                            } catch (Throwable e) {
                                waiter.complete(e);
                            }
                        });
        thread.start();

        thread.interrupt();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(runningContainerOf(request).getState().getRunning()).isTrue();
        execution.stop(StopReason.INTERRUPT);
        assertThat(execution.awaitOutcome())
                .isEqualTo(
                        new ExecutionOutcome.Stopped(
                                StopReason.INTERRUPT, execution.awaitOutcome().result()));
    }

    @Test
    void appliesTheIsolationDefaultsToEveryContainer() throws Exception {
        ExecutionRequest request =
                job("isolation").memory("96Mi").entrypoint("sleep", "300").request();
        Execution execution = executor.start(request);

        HostConfig host = runningContainerOf(request).getHostConfig();
        execution.stop(StopReason.CANCEL);
        execution.awaitOutcome();

        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getMemory()).isEqualTo(96L * 1024 * 1024);
        assertThat(host.getMemorySwap()).isEqualTo(96L * 1024 * 1024);
        assertThat(host.getPidsLimit()).isEqualTo(64L);
        assertThat(host.getReadonlyRootfs()).isTrue();
        assertThat(host.getSecurityOpts()).contains("no-new-privileges");
        assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(host.getNetworkMode()).isEqualTo("none");
        assertThat(host.getTmpFs()).containsKey("/tmp");
        assertThat(host.getLogConfig().getConfig()).containsEntry("max-size", "1048576");
    }

    @Test
    void runsWithoutCapabilitiesAndWithoutNewPrivileges() throws Exception {
        ExecutionOutcome outcome =
                run(
                        job("caps")
                                .shell("grep -E '^(CapEff|NoNewPrivs)' /proc/self/status")
                                .request());

        assertThat(outcome.result().stdout().text())
                .contains("CapEff:\t0000000000000000")
                .contains("NoNewPrivs:\t1");
    }

    @Test
    void keepsTheRootFileSystemReadOnlyButTmpWritable() throws Exception {
        ExecutionRequest request =
                job("readonly")
                        .shell(
                                "touch /etc/new 2>/dev/null; echo root=$?; echo x > /tmp/new &&"
                                        + " echo tmp=ok")
                        .request();

        ExecutionOutcome outcome = run(request);

        assertThat(outcome.result().stdout().text()).isEqualTo("root=1\ntmp=ok\n");
    }

    @Test
    void givesAJobWithoutNetworkOnlyTheLoopbackInterface() throws Exception {
        ExecutionOutcome outcome =
                run(
                        job("nonet")
                                .shell("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '")
                                .request());

        assertThat(outcome.result().stdout().text()).isEqualTo("lo\n");
    }

    @Test
    void refusesFullNetworkUnlessTheOperatorAllowsIt() throws Exception {
        ExecutionOutcome outcome = run(job("full").network("Full").entrypoint("true").request());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ExecutionOutcome.Failed.class,
                        failed -> {
                            assertThat(failed.reason()).isEqualTo(FailureReason.NOT_PERMITTED);
                            assertThat(failed.message())
                                    .contains("trawler.validation.allow-networked-jobs");
                        });
    }

    @Test
    void givesFullNetworkTheDefaultBridgeWhenAllowed() throws Exception {
        DockerSettings base = DockerTestJobs.settings();
        executor =
                executor(
                        new DockerSettings(
                                base.host(),
                                base.apiVersion(),
                                base.pullPolicy(),
                                base.pullTimeout(),
                                base.stopGrace(),
                                base.pidsLimit(),
                                base.capAdd(),
                                base.tmpBytes(),
                                base.logMaxBytes(),
                                base.user(),
                                base.connectTimeout(),
                                true,
                                0));

        ExecutionOutcome outcome =
                run(
                        job("bridge")
                                .network("Full")
                                .shell("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort")
                                .request());

        assertThat(outcome.result().stdout().text()).isEqualTo("eth0\nlo\n");
    }

    @Test
    void refusesHttpNetworkWithAReason() throws Exception {
        ExecutionOutcome outcome = run(job("http").network("HTTP").entrypoint("true").request());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ExecutionOutcome.Failed.class,
                        failed -> {
                            assertThat(failed.reason()).isEqualTo(FailureReason.NOT_PERMITTED);
                            assertThat(failed.message()).contains("HTTP network access");
                        });
    }

    @Test
    void mountsInputsReadOnlyAtTheirPath() throws Exception {
        String data =
                "data:text/plain;base64,"
                        + Base64.getEncoder().encodeToString("from input\n".getBytes());
        ExecutionRequest request =
                job("input")
                        .inputs(
                                List.of(
                                        Map.of(
                                                "StorageSource",
                                                "inline",
                                                "Name",
                                                "greeting",
                                                "URL",
                                                data,
                                                "Path",
                                                "/inputs/hello.txt")))
                        .shell(
                                "cat /inputs/hello.txt; echo more >> /inputs/hello.txt 2>/dev/null;"
                                        + " echo write=$?")
                        .request();

        ExecutionOutcome outcome = run(request);

        assertThat(outcome.result().stdout().text()).isEqualTo("from input\nwrite=1\n");
    }

    @Test
    void publishesWhatTheJobWroteToItsOutput() throws Exception {
        ExecutionRequest request =
                job("output")
                        .outputs(List.of(Map.of("Name", "results", "Path", "/outputs")))
                        .publisher("local")
                        .shell(
                                "mkdir /outputs/sub && echo -n 12345 > /outputs/a.txt && echo -n"
                                        + " 678 > /outputs/sub/b.txt")
                        .request();

        ExecutionOutcome outcome = run(request);

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
        Path published =
                results.resolve(request.jobId()).resolve(request.executionId()).resolve("results");
        assertThat(outcome.result().outputs())
                .containsExactly(
                        new PublishedOutput(
                                "results", "/outputs", 8, 2, published.toUri().toString()));
        assertThat(Files.readString(published.resolve("sub/b.txt"))).isEqualTo("678");
    }

    @Test
    void failsWithImageUnavailableForAnImageThatIsNotPresentUnderNeverPull() throws Exception {
        DockerSettings base = DockerTestJobs.settings();
        executor =
                executor(
                        new DockerSettings(
                                base.host(),
                                base.apiVersion(),
                                PullPolicy.NEVER,
                                base.pullTimeout(),
                                base.stopGrace(),
                                base.pidsLimit(),
                                base.capAdd(),
                                base.tmpBytes(),
                                base.logMaxBytes(),
                                base.user(),
                                base.connectTimeout(),
                                false,
                                0));

        ExecutionOutcome outcome =
                run(job("never").image("trawler-test/absent:1").entrypoint("true").request());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ExecutionOutcome.Failed.class,
                        failed -> {
                            assertThat(failed.reason()).isEqualTo(FailureReason.IMAGE_UNAVAILABLE);
                            assertThat(failed.message())
                                    .contains("trawler-test/absent:1")
                                    .contains("never pulls");
                        });
    }

    @Test
    void failsWithImageUnavailableForAnImageThatCannotBePulled() throws Exception {
        ExecutionOutcome outcome =
                run(
                        job("unpullable")
                                .image("127.0.0.1:1/trawler-test/absent:1")
                                .entrypoint("true")
                                .request());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ExecutionOutcome.Failed.class,
                        failed -> {
                            assertThat(failed.reason()).isEqualTo(FailureReason.IMAGE_UNAVAILABLE);
                            assertThat(failed.message()).contains("could not be pulled");
                        });
    }

    @Test
    void failsWithTheShellsExitCodeWhenTheCommandDoesNotExist() throws Exception {
        ExecutionOutcome outcome = run(job("nocmd").entrypoint("/no/such/command").request());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ExecutionOutcome.Failed.class,
                        failed -> {
                            assertThat(failed.reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
                            assertThat(failed.message()).contains("could not start its command");
                        });
        assertThat(outcome.result().exitCode()).hasValue(127);
    }

    @Test
    void neverStartsTheSameAttemptTwice() throws Exception {
        ExecutionRequest request = job("twice").entrypoint("sleep", "300").request();
        Execution first = executor.start(request);
        String firstId = runningContainerOf(request).getId();
        ExecutionRequest again =
                new ExecutionRequest(
                        request.job(),
                        UUID.randomUUID().toString(),
                        request.attempt(),
                        request.workerId(),
                        request.outputCap());

        assertThatThrownBy(() -> executor.start(again))
                .isInstanceOfSatisfying(
                        ExecutorException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.EXECUTOR_ERROR))
                .hasMessageContaining("already exists")
                .hasMessageContaining("not started twice");

        assertThat(containersOf(request)).extracting(Container::getId).containsExactly(firstId);
        first.stop(StopReason.CANCEL);
        first.awaitOutcome();
        assertThat(containersOf(request)).isEmpty();
    }

    @Test
    void sweepsContainersThisWorkerLeftBehindAndNoOthers() throws Exception {
        String ownName = "trawler-sweep-own-" + DockerTestJobs.uniqueJobId("c");
        String otherName = "trawler-sweep-other-" + DockerTestJobs.uniqueJobId("c");
        String own = leftBehind(ownName, "sweeping-worker");
        String other = leftBehind(otherName, "another-worker");
        DockerExecutor restarted =
                new DockerExecutor(
                        engine,
                        new JobStorage(
                                new StorageSettings(
                                        workRoot,
                                        List.of(),
                                        1,
                                        false,
                                        0,
                                        Duration.ofSeconds(1),
                                        results)),
                        DockerTestJobs.settings(),
                        "sweeping-worker");

        List<String> removed = restarted.sweepOrphans();

        try {
            assertThat(removed).containsExactly(ownName);
            assertThat(
                            client.listContainersCmd()
                                    .withShowAll(true)
                                    .withIdFilter(List.of(own))
                                    .exec())
                    .isEmpty();
            assertThat(
                            client.listContainersCmd()
                                    .withShowAll(true)
                                    .withIdFilter(List.of(other))
                                    .exec())
                    .hasSize(1);
        } finally {
            client.removeContainerCmd(other).withForce(true).exec();
        }
    }

    private static String leftBehind(String name, String workerId) {
        String id =
                client.createContainerCmd(DockerTestJobs.IMAGE)
                        .withName(name)
                        .withEntrypoint("sleep", "300")
                        .withLabels(
                                Map.of(
                                        ContainerIdentity.WORKER_ID, workerId,
                                        ContainerIdentity.JOB_ID, name,
                                        ContainerIdentity.ATTEMPT, "1"))
                        .exec()
                        .getId();
        client.startContainerCmd(id).exec();
        return id;
    }

    @Test
    void throwsEngineUnavailableWhenTheEngineCannotBeReached() {
        DockerEngine absent =
                new DockerEngine(
                        "unix://" + temp.resolve("no.sock"), "1.41", Duration.ofSeconds(1));
        DockerExecutor cut =
                new DockerExecutor(
                        absent,
                        new JobStorage(
                                new StorageSettings(
                                        workRoot,
                                        List.of(),
                                        1,
                                        false,
                                        0,
                                        Duration.ofSeconds(1),
                                        results)),
                        DockerTestJobs.settings(),
                        "lonely-worker");
        ExecutionRequest request = job("unreachable").entrypoint("true").request();

        assertThatThrownBy(() -> cut.start(request))
                .isInstanceOfSatisfying(
                        ExecutorException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(FailureReason.ENGINE_UNAVAILABLE);
                            assertThat(e.reason().retryable()).isTrue();
                        })
                .hasMessageContaining("cannot be reached");
        assertThat(workRoot.resolve(request.executionId())).doesNotExist();
        absent.close();
    }
}
