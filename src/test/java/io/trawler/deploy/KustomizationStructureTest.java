package io.trawler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How the kustomizations under k8s/ fit together, and that they render as kustomize does. */
class KustomizationStructureTest {

    static List<Path> kustomizationDirectories() throws IOException {
        try (Stream<Path> files = Files.walk(RenderedDeployment.K8S)) {
            return files.filter(file -> file.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        }
    }

    static List<RenderedDeployment> deployments() {
        return RenderedDeployment.all();
    }

    @Test
    void overlaysReferenceBasesAndComponentsThatExist() {
        List<Path> overlays =
                RenderedDeployment.directories(RenderedDeployment.K8S.resolve("overlays"));

        assertThat(overlays.stream().map(overlay -> overlay.getFileName().toString()))
                .contains("dev", "prod");
        for (Path overlay : overlays) {
            ObjectNode kustomization = Kustomization.read(overlay);
            assertThat(kustomization.path("resources")).as(overlay + " resources").isNotEmpty();
            for (JsonNode base : kustomization.path("resources")) {
                Path path = overlay.resolve(base.asText()).normalize();
                assertThat(path.resolve("kustomization.yaml"))
                        .as(overlay + " base")
                        .isRegularFile();
                assertThat(Kustomization.read(path).path("kind").asText())
                        .isEqualTo("Kustomization");
            }
            for (JsonNode component : kustomization.path("components")) {
                Path path = overlay.resolve(component.asText()).normalize();
                assertThat(path.resolve("kustomization.yaml"))
                        .as(overlay + " component")
                        .isRegularFile();
                assertThat(Kustomization.read(path).path("kind").asText()).isEqualTo("Component");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizationDirectories")
    void everyYamlFileIsAResourceOrAPatchOfItsKustomization(Path directory) throws IOException {
        ObjectNode kustomization = Kustomization.read(directory);
        Set<String> referenced = new HashSet<>();
        kustomization.path("resources").forEach(entry -> referenced.add(entry.asText()));
        kustomization.path("patches").forEach(entry -> referenced.add(entry.path("path").asText()));

        List<String> files;
        try (Stream<Path> children = Files.list(directory)) {
            files =
                    children.map(child -> child.getFileName().toString())
                            .filter(
                                    name ->
                                            name.endsWith(".yaml")
                                                    && !name.equals("kustomization.yaml"))
                            .toList();
        }

        assertThat(referenced).containsAll(files);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyDeploymentHasTheWorkerAndItsCompanions(RenderedDeployment deployment) {
        List<String> kinds =
                deployment.resources().stream().map(r -> r.path("kind").asText()).toList();

        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        "ConfigMap",
                        "Deployment",
                        "Service",
                        "ServiceMonitor",
                        "PodDisruptionBudget",
                        "ScaledObject");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void rendersAsKubectlKustomizeDoes(RenderedDeployment deployment, @TempDir Path scratch)
            throws Exception {
        assumeTrue(
                kubectlAvailable(), "kubectl is not installed; the renderer is not cross-checked");
        Path directory = kustomizationFor(deployment, scratch);

        List<ObjectNode> rendered = kubectlKustomize(directory, scratch);

        assertThat(byKindAndName(deployment.resources())).isEqualTo(byKindAndName(rendered));
    }

    @Test
    void rendererRefusesAPatchOfAResourceItsBaseLacks(@TempDir Path directory) throws IOException {
        write(
                directory.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        + "resources: [configmap.yaml]\npatches:\n  - path: patch.yaml\n");
        write(
                directory.resolve("configmap.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: present}\ndata: {A: a}\n");
        write(
                directory.resolve("patch.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: absent}\ndata: {A: b}\n");

        assertThatThrownBy(() -> Kustomization.render(directory))
                .hasMessageContaining("ConfigMap/absent");
    }

    @Test
    void rendererRefusesKustomizeFeaturesItDoesNotImplement(@TempDir Path directory)
            throws IOException {
        write(
                directory.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        + "resources: []\nnamePrefix: dev-\n");

        assertThatThrownBy(() -> Kustomization.render(directory))
                .hasMessageContaining("namePrefix");
    }

    @Test
    void strategicPatchesMergeContainersByNameButReplaceCustomResourceLists(@TempDir Path directory)
            throws IOException {
        write(
                directory.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        + "resources: [resources.yaml]\npatches:\n  - path: patch.yaml\n");
        write(
                directory.resolve("resources.yaml"),
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  template:
                    spec:
                      containers:
                        - {name: a, image: a:1, env: [{name: X, value: "1"}]}
                        - {name: b, image: b:1}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                spec:
                  items: [{name: one, size: 1}, {name: two, size: 2}]
                """);
        write(
                directory.resolve("patch.yaml"),
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  template:
                    spec:
                      containers:
                        - {name: b, image: b:2}
                """);

        List<ObjectNode> rendered = Kustomization.render(directory);

        JsonNode containers = rendered.get(0).at("/spec/template/spec/containers");
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).path("env").get(0).path("value").asText()).isEqualTo("1");
        assertThat(containers.get(1).path("image").asText()).isEqualTo("b:2");

        write(
                directory.resolve("patch.yaml"),
                "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"
                        + "spec:\n  items: [{name: two, size: 3}]\n");

        JsonNode items = Kustomization.render(directory).get(1).at("/spec/items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("size").asInt()).isEqualTo(3);
    }

    private static Path kustomizationFor(RenderedDeployment deployment, Path scratch)
            throws IOException {
        String name = deployment.name();
        if (name.equals("base")) {
            return RenderedDeployment.K8S.resolve("base");
        }
        if (name.startsWith("overlays/")) {
            return RenderedDeployment.K8S.resolve(name);
        }
        // kustomize takes relative paths only, and from a directory it may load from.
        Path composed =
                Files.createDirectories(
                        Path.of("target", "kustomize-check", scratch.getFileName().toString()));
        String component = name.substring("base with ".length());
        Path toK8s = composed.toAbsolutePath().relativize(RenderedDeployment.K8S.toAbsolutePath());
        write(
                composed.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                        + "resources: ["
                        + toK8s.resolve("base")
                        + "]\n"
                        + "components: ["
                        + toK8s.resolve(component)
                        + "]\n");
        return composed;
    }

    private static boolean kubectlAvailable() {
        try {
            Process process =
                    new ProcessBuilder("kubectl", "version", "--client")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<ObjectNode> kubectlKustomize(Path directory, Path scratch)
            throws Exception {
        Path output = scratch.resolve("rendered.yaml");
        Path errors = scratch.resolve("errors.txt");
        Process process =
                new ProcessBuilder("kubectl", "kustomize", directory.toString())
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue())
                .as("kubectl kustomize: " + Files.readString(errors, StandardCharsets.UTF_8))
                .isZero();
        return Kustomization.readDocuments(output);
    }

    private static Map<String, JsonNode> byKindAndName(List<ObjectNode> resources) {
        Map<String, JsonNode> byName = new TreeMap<>();
        for (ObjectNode resource : resources) {
            String key =
                    resource.path("kind").asText()
                            + "/"
                            + resource.path("metadata").path("name").asText();
            assertThat(byName.put(key, resource)).as("one " + key).isNull();
        }
        return byName;
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
