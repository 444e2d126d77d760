package io.trawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The worker's container image, built from src/main/docker/Dockerfile.jvm and the packaged
 * application in target/quarkus-app, started against a real broker the way the Kubernetes manifests
 * start it: a read-only root file system with a writable /tmp, no capabilities, no privilege
 * escalation, the worker ID from the environment, and the engines the base ConfigMap enables.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageIT {

    static final String BASE_IMAGE = "trawler/jre:17";
    static final String KAFKA_IMAGE = "trawler-test/kafka:4.1.2";
    static final String IMAGE = "trawler/worker:it-" + UUID.randomUUID().toString().substring(0, 8);
    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    static final Path APPLICATION = Path.of("target/quarkus-app/quarkus-run.jar");
    static final String BROKER_ALIAS = "kafka";
    static final String BROKER_LISTENER = BROKER_ALIAS + ":19092";
    static final String WORKER_ID = "image-it-worker";
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    static final int JOBS_PARTITIONS = 2;
    static final RenderedDeployment BASE =
            new RenderedDeployment(
                    "base", Kustomization.render(RenderedDeployment.K8S.resolve("base")));

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static DockerClient docker;
    static Network network;

    /**
     * A broker of this test's own, not the shared KafkaBroker. Kafka clients connect to the
     * addresses a broker advertises, and the shared one advertises localhost with a port mapped on
     * the host, which a client inside another container cannot reach. This one also advertises a
     * listener on a network alias that the worker's container resolves on the test's network.
     */
    static KafkaContainer kafka;

    static GenericContainer<?> worker;

    /** The worker's output, kept by the test: a container that exited has no logs to ask for. */
    static final StringBuffer WORKER_OUTPUT = new StringBuffer();

    @BeforeAll
    static void buildTheImageAndStartItAgainstABroker() throws Exception {
        assumeTrue(
                DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine is reachable: the image was neither built nor started");
        docker = DockerClientFactory.instance().client();
        requireLocalImage(BASE_IMAGE, "src/test/docker/jre/build-image.sh");
        requireLocalImage(KAFKA_IMAGE, "src/test/docker/kafka/build-image.sh");
        assertThat(APPLICATION)
                .as("the packaged application; run `./mvnw package` first")
                .isRegularFile();

        buildImage();

        network = Network.newNetwork();
        kafka =
                new KafkaContainer(
                                DockerImageName.parse(KAFKA_IMAGE)
                                        .asCompatibleSubstituteFor("apache/kafka"))
                        .withNetwork(network)
                        .withListener(BROKER_LISTENER);
        kafka.start();
        createJobsTopic();

        worker = workerContainer();
        try {
            worker.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the worker did not start; " + workerLog(), e);
        }
    }

    @AfterAll
    static void stopEverythingAndRemoveTheImage() {
        if (worker != null) {
            worker.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
        if (docker != null) {
            try {
                docker.removeImageCmd(IMAGE).withForce(true).exec();
            } catch (NotFoundException alreadyGone) {
                // The build failed before tagging; there is nothing to remove.
            }
        }
    }

    @Test
    @Order(1)
    void answersReadyOnceItReachesTheBroker() {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> {
                            HttpResponse<String> ready = get("/q/health/ready");
                            assertThat(ready.statusCode())
                                    .as(ContainerImageIT::workerLog)
                                    .isEqualTo(200);
                            assertThat(ready.body()).containsPattern("\"status\"\\s*:\\s*\"UP\"");
                        });
    }

    @Test
    @Order(2)
    void runsAsUid185NotRoot() {
        // ps on the engine's host reads the processes' real uids, whatever the image contains.
        var top =
                docker.topContainerCmd(worker.getContainerId())
                        .withPsArgs("-o pid,uid,comm")
                        .exec();
        int uidColumn = Arrays.asList(top.getTitles()).indexOf("UID");

        List<String> uids =
                Arrays.stream(top.getProcesses())
                        .map(process -> process[uidColumn].trim())
                        .toList();

        assertThat(uids).isNotEmpty().containsOnly("185");
        assertThat(worker.getContainerInfo().getConfig().getUser()).isEqualTo("185");
    }

    @Test
    @Order(3)
    void exposesTrawlerAndKafkaClientMetricsOnceItHoldsThePartitions() {
        // The binder adds the per-partition lag metrics only when it looks again, a minute after
        // start-up; MetricsEndpointIT waits for those on the packaged application. Here a client
        // metric bound with the consumer shows that the binder works in the image.
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> {
                            PrometheusText metrics = PrometheusText.parse(get("/q/metrics").body());
                            assertThat(
                                            metrics.value(
                                                    "kafka_consumer_coordinator_assigned_partitions",
                                                    Map.of("client_id", "kafka-consumer-jobs")))
                                    .as("partitions of jobs assigned to the worker")
                                    .contains((double) JOBS_PARTITIONS);
                            assertThat(metrics.value("trawler_jobs_received_total", Map.of()))
                                    .as("records the worker received")
                                    .contains(0.0);
                        });
    }

    @Test
    @Order(4)
    void stopsWithinItsShutdownGraceWhenTerminated() {
        Instant stopping = Instant.now();

        docker.stopContainerCmd(worker.getContainerId()).withTimeout(60).exec();

        Duration stopped = Duration.between(stopping, Instant.now());
        InspectContainerResponse.ContainerState state =
                docker.inspectContainerCmd(worker.getContainerId()).exec().getState();
        assertThat(state.getRunning()).isFalse();
        assertThat(state.getOOMKilled()).isFalse();
        // 143 is the JVM's own exit after SIGTERM; 137 would mean SIGKILL after the timeout.
        assertThat(state.getExitCodeLong()).as(ContainerImageIT::workerLog).isIn(0L, 143L);
        assertThat(stopped).isLessThan(SHUTDOWN_GRACE.plusSeconds(15));
    }

    private static void requireLocalImage(String image, String buildScript) throws Exception {
        if (imageExists(image)) {
            return;
        }
        assumeTrue(
                Files.isExecutable(Path.of(buildScript)),
                image + " is not built and " + buildScript + " is missing: the test was not run");
        Process build = new ProcessBuilder(buildScript).inheritIO().start();
        assertThat(build.waitFor(20, TimeUnit.MINUTES)).as(buildScript + " finished").isTrue();
        assertThat(build.exitValue()).as(buildScript).isZero();
        assertThat(imageExists(image)).as(image + " after " + buildScript).isTrue();
    }

    private static boolean imageExists(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Builds as `docker build -f src/main/docker/Dockerfile.jvm .` does, .dockerignore included.
     */
    private static void buildImage() {
        docker.buildImageCmd()
                .withBaseDirectory(Path.of("").toAbsolutePath().toFile())
                .withDockerfile(DOCKERFILE.toAbsolutePath().toFile())
                .withBuildArg("BASE_IMAGE", BASE_IMAGE)
                .withTags(Set.of(IMAGE))
                .withPull(false)
                .exec(new BuildImageResultCallback())
                .awaitImageId(5, TimeUnit.MINUTES);
    }

    private static void createJobsTopic() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic("jobs", JOBS_PARTITIONS, (short) 1)))
                    .all()
                    .get(1, TimeUnit.MINUTES);
        }
    }

    private static GenericContainer<?> workerContainer() {
        return new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetwork(network)
                .withLogConsumer(frame -> WORKER_OUTPUT.append(frame.getUtf8String()))
                .withExposedPorts(8080)
                .withEnv(
                        Map.of(
                                "KAFKA_BOOTSTRAP_SERVERS",
                                BROKER_LISTENER,
                                "TRAWLER_WORKER_ID",
                                WORKER_ID,
                                "TRAWLER_EXECUTION_SHUTDOWN_GRACE",
                                SHUTDOWN_GRACE.toSeconds() + "s",
                                // The engines the base manifests enable, which is every one
                                // but docker: there is no Docker engine in the container.
                                "TRAWLER_VALIDATION_ENABLED_ENGINES",
                                BASE.setting("trawler.validation.enabled-engines")))
                .withCreateContainerCmdModifier(
                        create ->
                                create.getHostConfig()
                                        .withReadonlyRootfs(true)
                                        .withTmpFs(Map.of("/tmp", "rw,size=256m"))
                                        .withCapDrop(Capability.ALL)
                                        .withSecurityOpts(List.of("no-new-privileges")))
                .waitingFor(
                        Wait.forHttp("/q/health/started")
                                .forPort(8080)
                                .forStatusCode(200)
                                .withStartupTimeout(Duration.ofMinutes(2)));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri =
                URI.create("http://" + worker.getHost() + ":" + worker.getMappedPort(8080) + path);
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String workerLog() {
        String[] lines = WORKER_OUTPUT.toString().split("\n");
        return "the worker's log ends with:\n"
                + String.join(
                        "\n",
                        Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
