package io.trawler.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization directory into the resources it stands for, as {@code kubectl kustomize}
 * does, for the features Trawler's manifests use: resources, components, patches (strategic merge
 * and JSON 6902), images and namespace.
 *
 * <p>A kustomization using anything else is refused rather than rendered differently from
 * kustomize; {@code ManifestInvariantsTest} compares the two wherever kubectl is installed.
 */
final class Kustomization {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> KUSTOMIZATION_FIELDS =
            Set.of(
                    "apiVersion",
                    "kind",
                    "resources",
                    "components",
                    "patches",
                    "images",
                    "namespace");

    /**
     * The list fields that strategic merge patches merge item by item on built-in kinds, and the
     * key that pairs the items; every other list is replaced whole, as on custom resources.
     */
    private static final Map<String, String> MERGE_KEYS =
            Map.of(
                    "containers", "name",
                    "initContainers", "name",
                    "volumes", "name",
                    "env", "name",
                    "volumeMounts", "mountPath");

    private Kustomization() {}

    /** Reads every YAML document of a file; empty documents are left out. */
    static List<ObjectNode> readDocuments(Path file) {
        List<ObjectNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (values.hasNext()) {
                JsonNode document = values.next();
                if (document instanceof ObjectNode object) {
                    documents.add(object);
                } else if (document != null && !document.isNull() && !document.isMissingNode()) {
                    throw new IllegalStateException(file + " holds a document that is no mapping");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return documents;
    }

    /** Reads the kustomization.yaml of a directory. */
    static ObjectNode read(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(directory + " has no kustomization.yaml");
        }
        List<ObjectNode> documents = readDocuments(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " must hold exactly one document");
        }
        return documents.get(0);
    }

    /** The resources a Kustomization directory renders to. */
    static List<ObjectNode> render(Path directory) {
        ObjectNode kustomization = read(directory);
        requireKind(directory, kustomization, "Kustomization");
        return build(directory, kustomization, new ArrayList<>());
    }

    /**
     * The resources of a base with components applied, as an overlay holding nothing but {@code
     * resources: [base]} and {@code components: [...]} would render them.
     */
    static List<ObjectNode> renderWithComponents(Path base, List<Path> components) {
        List<ObjectNode> accumulated = render(base);
        for (Path component : components) {
            ObjectNode componentKustomization = read(component);
            requireKind(component, componentKustomization, "Component");
            build(component, componentKustomization, accumulated);
        }
        return accumulated;
    }

    private static List<ObjectNode> build(
            Path directory, ObjectNode kustomization, List<ObjectNode> accumulated) {
        refuseUnsupportedFields(directory, kustomization);

        for (JsonNode entry : kustomization.path("resources")) {
            accumulated.addAll(loadResource(directory.resolve(entry.asText()).normalize()));
        }

        for (JsonNode entry : kustomization.path("components")) {
            Path component = directory.resolve(entry.asText()).normalize();
            ObjectNode componentKustomization = read(component);
            requireKind(component, componentKustomization, "Component");
            build(component, componentKustomization, accumulated);
        }

        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(directory, (ObjectNode) patch, accumulated);
        }

        for (JsonNode image : kustomization.path("images")) {
            setImages(image, accumulated);
        }

        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            accumulated.forEach(
                    resource ->
                            ((ObjectNode) resource.get("metadata")).put("namespace", namespace));
        }
        return accumulated;
    }

    private static List<ObjectNode> loadResource(Path path) {
        if (Files.isDirectory(path)) {
            return render(path);
        }
        if (Files.isRegularFile(path)) {
            return readDocuments(path);
        }
        throw new IllegalStateException("a kustomization names a missing resource: " + path);
    }

    private static void refuseUnsupportedFields(Path directory, ObjectNode kustomization) {
        for (Iterator<String> names = kustomization.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KUSTOMIZATION_FIELDS.contains(name)) {
                throw new IllegalStateException(
                        directory
                                + "/kustomization.yaml uses `"
                                + name
                                + "`, which this renderer"
                                + " does not support");
            }
        }
    }

    private static void requireKind(Path directory, ObjectNode kustomization, String kind) {
        String actual = kustomization.path("kind").asText();
        if (!actual.equals(kind)) {
            throw new IllegalStateException(
                    directory + " is a " + actual + " where a " + kind + " is expected");
        }
    }

    private static void applyPatch(Path directory, ObjectNode entry, List<ObjectNode> resources) {
        Path file = directory.resolve(entry.path("path").asText()).normalize();
        if (!entry.has("path") || !Files.isRegularFile(file)) {
            throw new IllegalStateException(directory + " names a missing patch file: " + file);
        }
        JsonNode body = readPatch(file);

        if (body.isArray()) {
            JsonNode target = entry.path("target");
            ObjectNode resource =
                    find(
                            resources,
                            target.path("kind").asText(),
                            target.path("name").asText(),
                            file);
            JsonPatch.apply(resource, (ArrayNode) body, file);
            return;
        }
        ObjectNode patch = (ObjectNode) body;
        ObjectNode resource =
                find(
                        resources,
                        patch.path("kind").asText(),
                        patch.path("metadata").path("name").asText(),
                        file);
        merge(resource, patch, isBuiltIn(resource));
    }

    private static JsonNode readPatch(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static ObjectNode find(
            List<ObjectNode> resources, String kind, String name, Path patch) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind))
                .filter(r -> r.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        patch
                                                + " patches "
                                                + kind
                                                + "/"
                                                + name
                                                + ", which its base does not have"));
    }

    /** Built-in kinds belong to the core group or to a group without a domain (apps, policy). */
    private static boolean isBuiltIn(ObjectNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        return !apiVersion.contains("/")
                || !apiVersion.substring(0, apiVersion.indexOf('/')).contains(".");
    }

    private static void merge(ObjectNode target, ObjectNode patch, boolean strategic) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(name);

            if (name.startsWith("$")) {
                throw new IllegalStateException("patch directives are not supported: " + name);
            } else if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && existing instanceof ObjectNode existingObject) {
                merge(existingObject, (ObjectNode) value, strategic);
            } else if (value.isArray()
                    && existing instanceof ArrayNode existingArray
                    && strategic
                    && MERGE_KEYS.containsKey(name)) {
                mergeList(existingArray, (ArrayNode) value, MERGE_KEYS.get(name));
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    /** Patch items replace nothing: they merge into the item with the same key or come first. */
    private static void mergeList(ArrayNode target, ArrayNode patch, String key) {
        List<JsonNode> added = new ArrayList<>();
        for (JsonNode item : patch) {
            ObjectNode match = null;
            for (JsonNode candidate : target) {
                if (candidate.path(key).equals(item.path(key))) {
                    match = (ObjectNode) candidate;
                }
            }
            if (match == null) {
                added.add(item.deepCopy());
            } else {
                merge(match, (ObjectNode) item, true);
            }
        }
        for (int i = added.size() - 1; i >= 0; i--) {
            target.insert(0, added.get(i));
        }
    }

    private static void setImages(JsonNode image, List<ObjectNode> resources) {
        String name = image.path("name").asText();
        for (ObjectNode resource : resources) {
            JsonNode podSpec = resource.path("spec").path("template").path("spec");
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode container : podSpec.path(list)) {
                    retag((ObjectNode) container, name, image);
                }
            }
        }
    }

    private static void retag(ObjectNode container, String name, JsonNode image) {
        String current = container.path("image").asText();
        int tagAt = current.lastIndexOf(':');
        boolean tagged = tagAt > current.lastIndexOf('/');
        String repository = tagged ? current.substring(0, tagAt) : current;
        if (!repository.equals(name)) {
            return;
        }
        String newName = image.path("newName").asText(repository);
        String newTag = image.has("newTag") ? image.get("newTag").asText() : null;
        String tag = newTag != null ? newTag : tagged ? current.substring(tagAt + 1) : null;
        container.put("image", tag == null ? newName : newName + ":" + tag);
    }
}
