package io.trawler.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.config.WithDefault;
import io.trawler.config.TrawlerConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** One way of deploying Trawler: a base, an overlay, or the base with a component, rendered. */
record RenderedDeployment(String name, List<ObjectNode> resources) {

    static final Path K8S = Path.of("k8s");
    static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");

    static final String WORKER_CONTAINER = "trawler";
    static final String ENGINE_SIDECAR = "docker-engine";

    /** The base, every overlay, and the base with each component. */
    static List<RenderedDeployment> all() {
        List<RenderedDeployment> deployments = new ArrayList<>();
        deployments.add(new RenderedDeployment("base", Kustomization.render(K8S.resolve("base"))));
        for (Path overlay : directories(K8S.resolve("overlays"))) {
            deployments.add(
                    new RenderedDeployment(
                            "overlays/" + overlay.getFileName(), Kustomization.render(overlay)));
        }
        for (Path component : directories(K8S.resolve("components"))) {
            deployments.add(
                    new RenderedDeployment(
                            "base with components/" + component.getFileName(),
                            Kustomization.renderWithComponents(
                                    K8S.resolve("base"), List.of(component))));
        }
        return deployments;
    }

    static List<Path> directories(Path parent) {
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    ObjectNode one(String kind) {
        List<ObjectNode> matches =
                resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
        if (matches.size() != 1) {
            throw new AssertionError(name + " has " + matches.size() + " " + kind + " resources");
        }
        return matches.get(0);
    }

    ObjectNode deployment() {
        return one("Deployment");
    }

    JsonNode podLabels() {
        return deployment().at("/spec/template/metadata/labels");
    }

    JsonNode podSpec() {
        return deployment().path("spec").path("template").path("spec");
    }

    ObjectNode workerContainer() {
        return container("containers", WORKER_CONTAINER)
                .orElseThrow(() -> new AssertionError(name + " has no worker container"));
    }

    Optional<ObjectNode> engineSidecar() {
        return container("initContainers", ENGINE_SIDECAR);
    }

    Optional<ObjectNode> container(String list, String containerName) {
        for (JsonNode container : podSpec().path(list)) {
            if (container.path("name").asText().equals(containerName)) {
                return Optional.of((ObjectNode) container);
            }
        }
        return Optional.empty();
    }

    ObjectNode scaledObject() {
        return one("ScaledObject");
    }

    JsonNode kafkaTrigger() {
        for (JsonNode trigger : scaledObject().path("spec").path("triggers")) {
            if (trigger.path("type").asText().equals("kafka")) {
                return trigger.path("metadata");
            }
        }
        throw new AssertionError(name + " has no kafka trigger");
    }

    /**
     * The variable as the worker container sees it: an {@code env} value wins over the ConfigMaps
     * of {@code envFrom}. Empty when it is unset or comes from elsewhere.
     */
    Optional<String> workerEnvironment(String variable) {
        ObjectNode worker = workerContainer();
        for (JsonNode env : worker.path("env")) {
            if (env.path("name").asText().equals(variable)) {
                return env.has("value") ? Optional.of(env.get("value").asText()) : Optional.empty();
            }
        }
        Optional<String> found = Optional.empty();
        for (JsonNode source : worker.path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText();
            JsonNode value = configMapData(configMap).path(variable);
            if (!value.isMissingNode()) {
                found = Optional.of(value.asText());
            }
        }
        return found;
    }

    boolean workerEnvironmentDeclares(String variable) {
        for (JsonNode env : workerContainer().path("env")) {
            if (env.path("name").asText().equals(variable)) {
                return true;
            }
        }
        return workerEnvironment(variable).isPresent();
    }

    JsonNode configMapData(String configMap) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals("ConfigMap"))
                .filter(r -> r.path("metadata").path("name").asText().equals(configMap))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no ConfigMap " + configMap))
                .path("data");
    }

    /**
     * The value a worker of this deployment gets for a {@code trawler.*} setting: its environment
     * variable, else application.properties (the prod profile first), else the configuration
     * mapping's default.
     */
    String setting(String property) {
        return workerEnvironment(environmentName(property))
                .or(() -> applicationProperty(property))
                .or(() -> mappingDefault(property))
                .orElseThrow(() -> new AssertionError(property + " has no value in " + name));
    }

    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static Optional<String> applicationProperty(String property) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(properties.getProperty("%prod." + property))
                .or(() -> Optional.ofNullable(properties.getProperty(property)));
    }

    /** Reads {@code @WithDefault} of a setting such as {@code trawler.execution.shutdown-grace}. */
    static Optional<String> mappingDefault(String property) {
        String[] parts = property.split("\\.");
        if (parts.length != 3 || !parts[0].equals("trawler")) {
            throw new IllegalArgumentException("not a trawler.<group>.<name> setting: " + property);
        }
        try {
            Method group = TrawlerConfig.class.getMethod(camelCase(parts[1]));
            Method setting = group.getReturnType().getMethod(camelCase(parts[2]));
            return Optional.ofNullable(setting.getAnnotation(WithDefault.class))
                    .map(WithDefault::value);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("TrawlerConfig has no setting " + property, e);
        }
    }

    private static String camelCase(String kebab) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
