package io.trawler.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A job document for tests, built from a valid one and changed field by field with JSON pointers:
 * {@code JobDocument.docker("id").set("/Spec/Resources/CPU", "abc")}.
 */
public final class JobDocument {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final ObjectNode root;

    private JobDocument(String json) {
        try {
            this.root = (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid docker job, about 2 KB, with inputs, outputs, selectors and a deal. */
    public static JobDocument docker(String id) {
        return new JobDocument(
                """
                {
                  "APIVersion": "V1beta2",
                  "Metadata": {
                    "ID": "%s",
                    "CreatedAt": "2024-05-01T10:00:00Z",
                    "ClientID": "c0ffee0123456789c0ffee0123456789c0ffee0123456789c0ffee0123456789",
                    "Requester": {
                      "RequesterNodeID": "QmRequesterNode",
                      "RequesterPublicKey": "CAASpgIwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQ"
                    }
                  },
                  "Spec": {
                    "EngineSpec": {
                      "Type": "docker",
                      "Params": {
                        "Image": "ghcr.io/acme/analysis:2.4.1",
                        "Entrypoint": ["/bin/sh", "-c"],
                        "Parameters": ["python3 /inputs/run.py --input /inputs/data.csv --out /outputs"],
                        "EnvironmentVariables": ["MODE=batch", "THREADS=2", "LANG=C.UTF-8"],
                        "WorkingDirectory": "/work"
                      }
                    },
                    "PublisherSpec": {"Type": "local"},
                    "Resources": {"CPU": "500m", "Memory": "512Mi", "Disk": "1Gb", "GPU": "0"},
                    "Network": {"Type": "None"},
                    "Timeout": 600,
                    "Inputs": [
                      {
                        "StorageSource": "urlDownload",
                        "Name": "data",
                        "URL": "https://data.example.com/sets/2024/data.csv",
                        "Path": "/inputs/data.csv"
                      },
                      {
                        "StorageSource": "inline",
                        "Name": "script",
                        "URL": "data:text/plain;base64,cHJpbnQoJ2hlbGxvJyk=",
                        "Path": "/inputs/run.py"
                      }
                    ],
                    "Outputs": [{"StorageSource": "ipfs", "Name": "outputs", "Path": "/outputs"}],
                    "Annotations": ["nightly", "team-analytics"],
                    "NodeSelectors": [
                      {"Key": "region", "Operator": "In", "Values": ["eu-west-1", "eu-west-2"]},
                      {"Key": "trawler.io/tier", "Operator": "Exists"}
                    ],
                    "DoNotTrack": false,
                    "Deal": {"Concurrency": 1}
                  }
                }
                """
                        .formatted(id));
    }

    /** A valid wasm job whose module is inline. */
    public static JobDocument wasm(String id) {
        return new JobDocument(
                """
                {
                  "APIVersion": "V1beta2",
                  "Metadata": {"ID": "%s"},
                  "Spec": {
                    "EngineSpec": {
                      "Type": "wasm",
                      "Params": {
                        "EntryModule": {
                          "StorageSource": "inline",
                          "URL": "data:application/wasm;base64,AGFzbQEAAAA="
                        },
                        "EntryPoint": "_start",
                        "Parameters": ["one", "two"],
                        "EnvironmentVariables": {"GREETING": "hello"}
                      }
                    },
                    "Resources": {"CPU": "0.5", "Memory": "64Mi"},
                    "Timeout": 30
                  }
                }
                """
                        .formatted(id));
    }

    /** A valid noop job with nothing but an engine. */
    public static JobDocument noop(String id) {
        return new JobDocument(
                """
                {"APIVersion": "V1beta1", "Metadata": {"ID": "%s"},
                 "Spec": {"EngineSpec": {"Type": "noop"}}}
                """
                        .formatted(id));
    }

    /**
     * Sets the value at {@code pointer}, making the objects on the way; a string, number, boolean,
     * null or JSON node.
     */
    public JobDocument set(String pointer, Object value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = parentOf(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        JsonNode node = MAPPER.valueToTree(value);
        if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(last);
            if (index == array.size()) {
                array.add(node);
            } else {
                array.set(index, node);
            }
        } else {
            ((ObjectNode) parent).set(last, node);
        }
        return this;
    }

    /** Sets the value at {@code pointer} to the JSON {@code json}. */
    public JobDocument setJson(String pointer, String json) {
        try {
            return set(pointer, MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the value at {@code pointer}. */
    public JobDocument remove(String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = parentOf(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(last));
        } else {
            ((ObjectNode) parent).remove(last);
        }
        return this;
    }

    public ObjectNode tree() {
        return root.deepCopy();
    }

    public String json() {
        return root.toString();
    }

    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode parentOf(String pointer) {
        JsonNode node = root;
        if (pointer.isEmpty()) {
            return node;
        }
        for (String step : pointer.substring(1).split("/")) {
            JsonNode next =
                    node instanceof ArrayNode array
                            ? array.get(Integer.parseInt(step))
                            : node.get(step);
            if (next == null || next.isNull()) {
                next = MAPPER.createObjectNode();
                ((ObjectNode) node).set(step, next);
            }
            node = next;
        }
        return node;
    }
}
