package io.trawler.execution.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The test modules are kept as WebAssembly text, with binaries built from it by {@code
 * src/test/resources/wasm/build.sh}; this test fails when a source changed without a rebuild.
 */
class WatModulesTest {

    private static final Path MODULES = Path.of("src/test/resources/wasm");

    @Test
    void everyTextModuleHasABinaryBuiltFromItsCurrentSource() throws IOException {
        Map<String, String> recorded = new TreeMap<>();
        for (String line : Files.readAllLines(MODULES.resolve("SOURCES.sha256"))) {
            String[] parts = line.trim().split("\\s+\\*?", 2);
            recorded.put(parts[1], parts[0]);
        }
        Map<String, String> current = new TreeMap<>();
        for (Path source : sources()) {
            current.put(
                    source.getFileName().toString(),
                    ModuleCache.sha256(Files.readAllBytes(source)));
        }

        assertThat(current)
                .as("SOURCES.sha256 is stale: run src/test/resources/wasm/build.sh")
                .isEqualTo(recorded);
        for (Path source : sources()) {
            Path binary = MODULES.resolve(source.getFileName().toString().replace(".wat", ".wasm"));
            assertThat(binary).exists();
            Parser.parse(Files.readAllBytes(binary));
        }
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.list(MODULES)) {
            return files.filter(file -> file.toString().endsWith(".wat"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
