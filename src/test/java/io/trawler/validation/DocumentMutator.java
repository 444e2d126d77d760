package io.trawler.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random changes to job documents, for properties that must hold for any input: structural ones
 * (delete, replace, duplicate a field, change a type, insert odd or huge strings) and byte-level
 * ones (truncate, flip bits, splice in random bytes). Every choice comes from one seeded random
 * source, so a failing case is reproduced by its seed.
 */
final class DocumentMutator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Strings that have broken parsers, validators and shells before. */
    private static final List<String> ODD_STRINGS =
            List.of(
                    "",
                    " ",
                    "\u0000",
                    "\n",
                    "\r\n",
                    "\t",
                    "../../etc/passwd",
                    "/",
                    "-1",
                    "0",
                    "1e99",
                    "NaN",
                    "Infinity",
                    "0x7f",
                    "１２３",
                    "\u202eevil",
                    "\ud800",
                    "\udfff\ud800",
                    "𝕏𝕏",
                    "LD_PRELOAD=/tmp/x.so",
                    "data:",
                    "data:;base64,",
                    "http://169.254.169.254/",
                    "localhost",
                    "[::1]",
                    "busybox@sha256:",
                    "'; DROP TABLE jobs; --",
                    "$(reboot)",
                    "%00",
                    "\\u0000",
                    "null",
                    "true");

    private final SplittableRandom random;

    DocumentMutator(SplittableRandom random) {
        this.random = random;
    }

    /** One of {@code items}, chosen at random. */
    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** One to five structural changes to a copy of {@code document}, written as UTF-8 JSON. */
    byte[] mutateStructure(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        int changes = 1 + random.nextInt(5);
        for (int i = 0; i < changes; i++) {
            changeOneNode(copy);
        }
        String json = copy.toString();
        if (random.nextInt(4) == 0) {
            json = duplicateAField(json);
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** One to three byte-level changes to {@code bytes}. */
    byte[] mutateBytes(byte[] bytes) {
        byte[] result = bytes;
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            result =
                    switch (random.nextInt(4)) {
                        case 0 -> Arrays.copyOf(result, random.nextInt(result.length + 1));
                        case 1 -> flipBits(result);
                        case 2 -> splice(result);
                        default -> randomBytes(random.nextInt(64));
                    };
        }
        return result;
    }

    private void changeOneNode(ObjectNode root) {
        List<Location> locations = new ArrayList<>();
        collect(root, locations);
        if (locations.isEmpty()) {
            root.set("Spec", randomValue(2));
            return;
        }
        Location target = locations.get(random.nextInt(locations.size()));
        switch (random.nextInt(4)) {
            case 0 -> target.remove();
            case 1 -> target.replace(randomValue(2));
            case 2 -> target.replace(NODES.textNode(oddString()));
            default -> target.replace(changeType(target.value()));
        }
    }

    private JsonNode changeType(JsonNode value) {
        if (value.isTextual()) {
            return random.nextBoolean()
                    ? NODES.numberNode(random.nextLong())
                    : NODES.arrayNode().add(value);
        }
        if (value.isNumber() || value.isBoolean()) {
            return NODES.textNode(value.asText());
        }
        if (value.isArray()) {
            return value.isEmpty() ? NODES.objectNode() : value.get(0);
        }
        return NODES.textNode(value.toString());
    }

    private JsonNode randomValue(int depth) {
        int kind = random.nextInt(depth > 0 ? 11 : 9);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt());
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 ->
                    NODES.numberNode(
                            new BigDecimal(BigInteger.valueOf(random.nextLong()), scale()));
            case 5 -> NODES.textNode(oddString());
            case 6 -> NODES.textNode(hugeString());
            case 7 -> NODES.textNode(randomText(random.nextInt(40)));
            case 8 -> NODES.numberNode(-random.nextInt(1000));
            case 9 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(randomText(1 + random.nextInt(8)), randomValue(depth - 1));
                }
                yield object;
            }
        };
    }

    /** A decimal scale, sometimes small, sometimes one whose plain form would not fit in memory. */
    private int scale() {
        return random.nextBoolean() ? random.nextInt(-400, 400) : random.nextInt();
    }

    private String oddString() {
        return ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size()));
    }

    private String hugeString() {
        return oddString()
                        .repeat(1 + random.nextInt(50_000) / Math.max(1, oddString().length() + 1))
                + "x".repeat(random.nextInt(200_000));
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(
                    (char)
                            (random.nextBoolean()
                                    ? random.nextInt(0x20, 0x7f)
                                    : random.nextInt(0, 0xffff)));
        }
        return text.toString();
    }

    /** Writes one field of the JSON text a second time, with a random value. */
    private String duplicateAField(String json) {
        int at = json.indexOf("\":", random.nextInt(Math.max(1, json.length())));
        if (at < 0) {
            return json;
        }
        int start = json.lastIndexOf('"', at - 1);
        if (start < 0) {
            return json;
        }
        String field = json.substring(start, at + 2);
        return json.substring(0, start) + field + randomValue(1) + "," + json.substring(start);
    }

    private byte[] flipBits(byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        byte[] flipped = bytes.clone();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return flipped;
    }

    private byte[] splice(byte[] bytes) {
        int at = random.nextInt(bytes.length + 1);
        byte[] inserted = randomBytes(1 + random.nextInt(16));
        byte[] result = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at, result, at + inserted.length, bytes.length - at);
        return result;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static void collect(JsonNode node, List<Location> locations) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                locations.add(new Location(object, name, -1));
                collect(object.get(name), locations);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                locations.add(new Location(array, null, i));
                collect(array.get(i), locations);
            }
        }
    }

    /** A place in a tree: a field of an object or an element of an array. */
    private record Location(JsonNode parent, String name, int index) {

        JsonNode value() {
            return name != null ? parent.get(name) : parent.get(index);
        }

        void remove() {
            if (name != null) {
                ((ObjectNode) parent).remove(name);
            } else if (index < parent.size()) {
                ((ArrayNode) parent).remove(index);
            }
        }

        void replace(JsonNode value) {
            if (name != null) {
                ((ObjectNode) parent).set(name, value);
            } else if (index < parent.size()) {
                ((ArrayNode) parent).set(index, value);
            }
        }
    }
}
