package io.trawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every way of deploying Trawler must hold, checked on the rendered manifests of the base, of
 * every overlay, and of the base with each component.
 */
class ManifestInvariantsTest {

    static final String PARTITIONS_ANNOTATION = "trawler.io/jobs-topic-partitions";

    /**
     * The least time a worker needs after its shutdown grace: publishing an Interrupted event for
     * each stopped job with acks=all, committing offsets and closing three Kafka clients.
     */
    static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(10);

    /** Heap the worker needs besides its wasm jobs: Quarkus, Kafka clients, buffered records. */
    static final ByteSize WORKER_HEAP_RESERVE = ByteSize.ofMebibytes(512);

    static final long WASM_PAGE_BYTES = 64 * 1024;

    /** The share of the container's memory limit that the image gives the heap. */
    static final double HEAP_SHARE = 0.75;

    static List<RenderedDeployment> deployments() {
        return RenderedDeployment.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void maxReplicaCountIsAtMostTheJobsTopicPartitionCount(RenderedDeployment deployment) {
        JsonNode scaledObject = deployment.scaledObject();
        String partitions =
                scaledObject
                        .path("metadata")
                        .path("annotations")
                        .path(PARTITIONS_ANNOTATION)
                        .asText();

        int max = scaledObject.path("spec").path("maxReplicaCount").asInt(-1);
        int min = scaledObject.path("spec").path("minReplicaCount").asInt(-1);

        assertThat(partitions)
                .as("the %s annotation", PARTITIONS_ANNOTATION)
                .matches("[1-9][0-9]*");
        assertThat(max).isPositive().isLessThanOrEqualTo(Integer.parseInt(partitions));
        assertThat(min).isBetween(0, max);
        assertThat(deployment.kafkaTrigger().path("allowIdleConsumers").asText())
                .isEqualTo("false");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void terminationGraceCoversTheShutdownGracePlusAMargin(RenderedDeployment deployment) {
        Duration shutdownGrace =
                quarkusDuration(deployment.setting("trawler.execution.shutdown-grace"));

        long terminationGrace =
                deployment.podSpec().path("terminationGracePeriodSeconds").asLong(30);

        assertThat(Duration.ofSeconds(terminationGrace))
                .isGreaterThanOrEqualTo(shutdownGrace.plus(SHUTDOWN_MARGIN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void probesPointAtTheQuarkusHealthEndpoints(RenderedDeployment deployment) {
        ObjectNode worker = deployment.workerContainer();
        String httpPort = namedPort(worker, "http");

        assertThat(httpPort).isEqualTo("8080");
        assertThat(probePath(worker, "startupProbe")).isEqualTo("/q/health/started");
        assertThat(probePath(worker, "livenessProbe")).isEqualTo("/q/health/live");
        assertThat(probePath(worker, "readinessProbe")).isEqualTo("/q/health/ready");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(worker.path(probe).path("httpGet").path("port").asText())
                    .as(probe + " port")
                    .isIn("http", httpPort);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void workerRunsAsNonRootOnAReadOnlyRootFileSystemWithoutCapabilities(
            RenderedDeployment deployment) {
        JsonNode pod = deployment.podSpec().path("securityContext");
        JsonNode worker = deployment.workerContainer().path("securityContext");

        assertThat(effective(worker, pod, "runAsNonRoot").asBoolean()).isTrue();
        assertThat(effective(worker, pod, "runAsUser").asInt()).isEqualTo(185);
        assertThat(worker.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(worker.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(worker.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(worker.path("privileged").asBoolean(false)).isFalse();
        assertThat(texts(worker.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(worker.path("capabilities").path("add").isMissingNode()).isTrue();
        assertThat(effective(worker, pod, "seccompProfile").path("type").asText())
                .isEqualTo("RuntimeDefault");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void scaledObjectTargetsTheDeploymentAndTheWorkersConsumerGroupAndTopic(
            RenderedDeployment deployment) {
        JsonNode target = deployment.scaledObject().path("spec").path("scaleTargetRef");
        JsonNode trigger = deployment.kafkaTrigger();

        assertThat(target.path("apiVersion").asText("apps/v1")).isEqualTo("apps/v1");
        assertThat(target.path("kind").asText("Deployment")).isEqualTo("Deployment");
        assertThat(target.path("name").asText())
                .isEqualTo(deployment.deployment().path("metadata").path("name").asText());
        assertThat(target.path("envSourceContainerName").asText())
                .isEqualTo(RenderedDeployment.WORKER_CONTAINER);
        assertThat(trigger.path("consumerGroup").asText())
                .isEqualTo(channelSetting("mp.messaging.incoming.jobs.group.id"));
        assertThat(trigger.path("topic").asText())
                .isEqualTo(channelSetting("mp.messaging.incoming.jobs.topic"));
        assertThat(trigger.path("offsetResetPolicy").asText())
                .isEqualTo(channelSetting("mp.messaging.incoming.jobs.auto.offset.reset"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void scaledObjectReadsTheBrokersFromTheWorkersOwnEnvironment(RenderedDeployment deployment) {
        JsonNode trigger = deployment.kafkaTrigger();
        String variable = trigger.path("bootstrapServersFromEnv").asText();

        assertThat(trigger.has("bootstrapServers")).isFalse();
        assertThat(variable).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(deployment.workerEnvironment(variable)).get().asString().contains(":");
        assertThat(kafkaProtocolVersion(trigger.path("version").asText()))
                .as("the scaler's protocol version, at least 2.1 for Kafka 4 brokers")
                .isGreaterThanOrEqualTo(201);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void lagThresholdIsTheNumberOfJobsOneWorkerRunsAtOnce(RenderedDeployment deployment) {
        String maxConcurrentJobs = deployment.setting("trawler.execution.max-concurrent-jobs");

        String lagThreshold = deployment.kafkaTrigger().path("lagThreshold").asText();

        assertThat(lagThreshold).isEqualTo(maxConcurrentJobs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void workerIdIsThePodName(RenderedDeployment deployment) {
        JsonNode env = null;
        for (JsonNode candidate : deployment.workerContainer().path("env")) {
            if (candidate.path("name").asText().equals("TRAWLER_WORKER_ID")) {
                env = candidate;
            }
        }

        assertThat(env).as("TRAWLER_WORKER_ID in the worker's env").isNotNull();
        assertThat(env.path("valueFrom").path("fieldRef").path("fieldPath").asText())
                .isEqualTo("metadata.name");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void metricsServiceAndServiceMonitorReachEveryWorkersMetricsEndpoint(
            RenderedDeployment deployment) {
        JsonNode service = deployment.one("Service");
        JsonNode monitor = deployment.one("ServiceMonitor");
        JsonNode podLabels = deployment.podLabels();
        JsonNode endpoint = monitor.path("spec").path("endpoints").path(0);
        JsonNode servicePort =
                portNamed(service.path("spec").path("ports"), endpoint.path("port").asText());

        assertThat(selects(service.path("spec").path("selector"), podLabels)).isTrue();
        assertThat(
                        selects(
                                monitor.path("spec").path("selector").path("matchLabels"),
                                service.path("metadata").path("labels")))
                .isTrue();
        assertThat(servicePort).as("the Service port the ServiceMonitor names").isNotNull();
        assertThat(namedPort(deployment.workerContainer(), servicePort.path("targetPort").asText()))
                .isEqualTo("8080");
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void disruptionBudgetLetsOneWorkerGoAtATime(RenderedDeployment deployment) {
        JsonNode budget = deployment.one("PodDisruptionBudget").path("spec");
        JsonNode podLabels = deployment.podLabels();

        assertThat(budget.path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(budget.has("minAvailable")).isFalse();
        assertThat(selects(budget.path("selector").path("matchLabels"), podLabels)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void workerHeapHoldsEveryWasmJobAtItsPageLimit(RenderedDeployment deployment) {
        long jobs = Long.parseLong(deployment.setting("trawler.execution.max-concurrent-jobs"));
        long pages = Long.parseLong(deployment.setting("trawler.wasm.max-memory-pages"));
        ByteSize limit = quantity(deployment.workerContainer().at("/resources/limits/memory"));

        long heap = (long) (limit.bytes() * HEAP_SHARE);

        assertThat(heap)
                .isGreaterThanOrEqualTo(
                        jobs * pages * WASM_PAGE_BYTES + WORKER_HEAP_RESERVE.bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void dockerJobsHaveAnEngineSocketMountedIntoTheWorker(RenderedDeployment deployment) {
        if (!runsDockerJobs(deployment)) {
            assertThat(deployment.engineSidecar()).as("an engine without docker jobs").isEmpty();
            return;
        }
        String host = deployment.setting("trawler.docker.host");

        String socket = host.substring("unix://".length());
        Optional<JsonNode> inWorker = mountCovering(deployment.workerContainer(), socket);
        Optional<JsonNode> inEngine =
                deployment.engineSidecar().flatMap(engine -> mountCovering(engine, socket));

        assertThat(host).startsWith("unix://");
        assertThat(inWorker).as("a volume of the worker holding " + socket).isPresent();
        if (deployment.engineSidecar().isPresent()) {
            assertThat(inEngine).as("the same volume in the engine sidecar").isPresent();
            assertThat(inEngine.get().path("name")).isEqualTo(inWorker.get().path("name"));
            assertThat(inEngine.get().path("mountPath"))
                    .isEqualTo(inWorker.get().path("mountPath"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void jobWorkingDirectoriesAreTheSamePathForTheWorkerAndItsEngine(
            RenderedDeployment deployment) {
        assumeTrue(runsDockerJobs(deployment), "no Docker engine in " + deployment);
        String workRoot = deployment.setting("trawler.execution.work-root");

        Optional<JsonNode> inWorker = mountCovering(deployment.workerContainer(), workRoot);

        assertThat(inWorker).as("a volume of the worker holding " + workRoot).isPresent();
        String volume = inWorker.get().path("name").asText();
        Optional<ObjectNode> engine = deployment.engineSidecar();
        if (engine.isPresent()) {
            Optional<JsonNode> inEngine = mountCovering(engine.get(), workRoot);
            assertThat(inEngine).as("the same volume in the engine sidecar").isPresent();
            assertThat(inEngine.get().path("name").asText()).isEqualTo(volume);
            assertThat(inEngine.get().path("mountPath"))
                    .isEqualTo(inWorker.get().path("mountPath"));
        } else {
            JsonNode hostPath = volumeNamed(deployment, volume).path("hostPath");
            assertThat(hostPath.path("path").asText())
                    .as("the node's directory behind " + volume)
                    .isEqualTo(inWorker.get().path("mountPath").asText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void engineSidecarHoldsTheCapacityOfferedToJobs(RenderedDeployment deployment) {
        assumeTrue(deployment.engineSidecar().isPresent(), "no engine sidecar in " + deployment);
        JsonNode limits = deployment.engineSidecar().get().path("resources").path("limits");
        JsonNode requests = deployment.engineSidecar().get().path("resources").path("requests");

        CpuQuantity offeredCpu = cpu(deployment.setting("trawler.execution.cpu"));
        ByteSize offeredMemory = quantity(deployment.setting("trawler.execution.memory"));

        assertThat(offeredCpu).isLessThanOrEqualTo(cpu(limits.path("cpu").asText()));
        assertThat(offeredCpu).isLessThanOrEqualTo(cpu(requests.path("cpu").asText()));
        assertThat(offeredMemory).isLessThan(quantity(limits.path("memory")));
        assertThat(offeredMemory).isLessThan(quantity(requests.path("memory")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void onlyTheEngineSidecarIsPrivileged(RenderedDeployment deployment) {
        List<String> privileged = new ArrayList<>();

        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : deployment.podSpec().path(list)) {
                if (container.path("securityContext").path("privileged").asBoolean(false)) {
                    privileged.add(container.path("name").asText());
                }
            }
        }

        assertThat(privileged)
                .isSubsetOf(RenderedDeployment.ENGINE_SIDECAR)
                .hasSize(deployment.engineSidecar().isPresent() ? 1 : 0);
        deployment
                .engineSidecar()
                .ifPresent(
                        engine ->
                                assertThat(engine.path("restartPolicy").asText())
                                        .isEqualTo("Always"));
    }

    /** Reads a duration as Quarkus does: a number of seconds, a number with a unit, or ISO-8601. */
    static Duration quarkusDuration(String text) {
        Matcher matcher = Pattern.compile("^([0-9]+)(ms|s|m|h|d)?$").matcher(text.trim());
        if (!matcher.matches()) {
            return Duration.parse(text.trim());
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static boolean runsDockerJobs(RenderedDeployment deployment) {
        String engines = deployment.setting("trawler.validation.enabled-engines");
        return List.of(engines.replace(" ", "").split(",")).contains("docker");
    }

    private static JsonNode volumeNamed(RenderedDeployment deployment, String name) {
        for (JsonNode volume : deployment.podSpec().path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError(deployment + " has no volume " + name);
    }

    private static String channelSetting(String property) {
        return RenderedDeployment.applicationProperty(property)
                .orElseThrow(() -> new AssertionError("application.properties lacks " + property));
    }

    private static int kafkaProtocolVersion(String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 2) {
            fail("not a Kafka version: " + version);
        }
        return Integer.parseInt(parts[0]) * 100 + Integer.parseInt(parts[1]);
    }

    private static String probePath(JsonNode container, String probe) {
        return container.path(probe).path("httpGet").path("path").asText();
    }

    private static String namedPort(JsonNode container, String name) {
        JsonNode port = portNamed(container.path("ports"), name);
        return port == null ? null : port.path("containerPort").asText();
    }

    private static JsonNode portNamed(JsonNode ports, String name) {
        for (JsonNode port : ports) {
            if (port.path("name").asText().equals(name)) {
                return port;
            }
        }
        return null;
    }

    /** The container's setting, else the pod's, as Kubernetes resolves a securityContext. */
    private static JsonNode effective(JsonNode container, JsonNode pod, String field) {
        return container.has(field) ? container.get(field) : pod.path(field);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) selector::fields) {
            if (!labels.path(entry.getKey()).equals(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The volume mount whose path is the given path or one of its parent directories. */
    private static Optional<JsonNode> mountCovering(JsonNode container, String path) {
        return StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(mount -> covers(mount.path("mountPath").asText(), path))
                .findFirst();
    }

    private static boolean covers(String mountPath, String path) {
        return path.equals(mountPath)
                || path.startsWith(mountPath.endsWith("/") ? mountPath : mountPath + "/");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static CpuQuantity cpu(String text) {
        return CpuQuantity.parse(text)
                .orElseThrow(() -> new AssertionError("not a CPU quantity: " + text));
    }

    private static ByteSize quantity(JsonNode node) {
        return quantity(node.asText());
    }

    private static ByteSize quantity(String text) {
        return ByteSize.parse(text)
                .orElseThrow(() -> new AssertionError("not a byte quantity: " + text));
    }
}
