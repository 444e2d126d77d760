package io.trawler.deploy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/** Applies the add, replace and remove operations of a JSON patch (RFC 6902) to a resource. */
final class JsonPatch {

    private JsonPatch() {}

    static void apply(ObjectNode resource, ArrayNode operations, Path source) {
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText();
            JsonPointer path = JsonPointer.compile(operation.path("path").asText());
            JsonNode parent = resource.at(path.head());
            String last = path.last().getMatchingProperty();

            if (parent.isMissingNode()) {
                throw new IllegalStateException(source + ": no parent for " + path);
            }
            switch (op) {
                case "add" -> add(parent, last, operation.get("value").deepCopy());
                case "replace" -> replace(parent, last, operation.get("value").deepCopy(), path);
                case "remove" -> remove(parent, last, path);
                default -> throw new IllegalStateException(source + ": unsupported op " + op);
            }
        }
    }

    private static void add(JsonNode parent, String last, JsonNode value) {
        if (parent instanceof ArrayNode array) {
            if (last.equals("-")) {
                array.add(value);
            } else {
                array.insert(Integer.parseInt(last), value);
            }
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static void replace(JsonNode parent, String last, JsonNode value, JsonPointer path) {
        requirePresent(parent, last, path);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static void remove(JsonNode parent, String last, JsonPointer path) {
        requirePresent(parent, last, path);
        if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(last));
        } else {
            ((ObjectNode) parent).remove(last);
        }
    }

    private static void requirePresent(JsonNode parent, String last, JsonPointer path) {
        JsonNode current =
                parent.isArray() ? parent.path(Integer.parseInt(last)) : parent.path(last);
        if (current.isMissingNode()) {
            throw new IllegalStateException("a JSON patch changes a missing value: " + path);
        }
    }
}
