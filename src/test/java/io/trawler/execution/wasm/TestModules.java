package io.trawler.execution.wasm;

import io.trawler.job.StorageSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

/**
 * The test modules under {@code src/test/resources/wasm}, written in the WebAssembly text format
 * and built to binaries by {@code build.sh} there.
 */
final class TestModules {

    private TestModules() {}

    static byte[] bytes(String name) {
        try (InputStream in = TestModules.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no test module " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dataUrl(byte[] bytes) {
        return "data:application/wasm;base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** An inline storage spec carrying the module. */
    static StorageSpec inline(String name) {
        return inline(name, bytes(name));
    }

    static StorageSpec inline(String name, byte[] bytes) {
        return storage("inline", name + ".wasm", dataUrl(bytes), null);
    }

    static StorageSpec storage(String source, String name, String url, String sourcePath) {
        return new StorageSpec(
                source, name, null, url, null, null, sourcePath, false, null, Map.of());
    }
}
