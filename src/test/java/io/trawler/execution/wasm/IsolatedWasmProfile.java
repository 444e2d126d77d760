package io.trawler.execution.wasm;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs the application with only the engines this branch of tests needs and with Kafka pointed at a
 * port nothing listens on, so that a test never consumes from or publishes to a broker that happens
 * to run on this machine.
 */
public class IsolatedWasmProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1",
                "trawler.validation.enabled-engines", "wasm,noop",
                "quarkus.log.category.\"org.apache.kafka\".level", "ERROR");
    }
}
