package io.trawler.execution.wasm;

import static io.trawler.execution.wasm.TestModules.inline;
import static io.trawler.execution.wasm.WasmJobs.outcome;
import static io.trawler.execution.wasm.WasmJobs.settings;
import static io.trawler.execution.wasm.WasmJobs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.trawler.config.TrawlerConfig.Wasm.Runtime;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.PublishedOutput;
import io.trawler.job.ByteSize;
import io.trawler.job.PublisherSpec;
import io.trawler.job.StorageSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WasmFilesTest {

    @TempDir Path root;

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void readsAnInlineInputFileAtItsPath(Runtime runtime) throws Exception {
        StorageSpec input =
                input("inline", textDataUrl("from an inline input\n"), null, "/inputs/input.txt");

        ExecutionOutcome outcome = run(runtime, "read-input", List.of(input), List.of());

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertThat(outcome.result().stdout().text()).isEqualTo("from an inline input\n");
    }

    @Test
    void readsAFileOfALocalDirectoryInput() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Files.writeString(data.resolve("input.txt"), "from a local directory\n");
        StorageSpec input = input("localDirectory", null, data.toString(), "/inputs");

        ExecutionOutcome outcome = run(Runtime.COMPILER, "read-input", List.of(input), List.of());

        assertThat(outcome.result().stdout().text()).isEqualTo("from a local directory\n");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void refusesWritesIntoAnInputDirectoryAndLeavesItUnchanged(Runtime runtime) throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        StorageSpec input = input("localDirectory", null, data.toString(), "/inputs");

        ExecutionOutcome outcome = run(runtime, "write-output", List.of(input), List.of());

        // The module exits with the errno its path_open got: 69 is EROFS.
        assertThat(outcome.result().exitCode()).hasValue(69);
        try (Stream<Path> left = Files.list(data)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesToFollowASymbolicLinkOutOfAnInputDirectory() throws Exception {
        Path secret = Files.writeString(root.resolve("secret.txt"), "not for the job\n");
        Path data = Files.createDirectories(root.resolve("data"));
        Files.createSymbolicLink(data.resolve("input.txt"), secret);
        StorageSpec input = input("localDirectory", null, data.toString(), "/inputs");

        ExecutionOutcome outcome = run(Runtime.COMPILER, "read-input", List.of(input), List.of());

        // 76 is ENOTCAPABLE.
        assertThat(outcome.result().exitCode()).hasValue(76);
        assertThat(outcome.result().stdout().text()).isEmpty();
    }

    @Test
    void followsASymbolicLinkThatStaysInsideTheInputDirectory() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Path real = Files.writeString(data.resolve("real.txt"), "through a link\n");
        Files.createSymbolicLink(data.resolve("input.txt"), real.toRealPath());
        StorageSpec input = input("localDirectory", null, data.toString(), "/inputs");

        ExecutionOutcome outcome = run(Runtime.COMPILER, "read-input", List.of(input), List.of());

        assertThat(outcome.result().stdout().text()).isEqualTo("through a link\n");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void writesAnOutputFileThatIsPublished(Runtime runtime) throws Exception {
        StorageSpec output = input(null, null, null, "/outputs");
        StorageSpec named =
                new StorageSpec(
                        null, "results", null, null, null, null, null, true, "/outputs", Map.of());

        ExecutionOutcome outcome = run(runtime, "write-output", List.of(), List.of(named));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
        PublishedOutput published = outcome.result().outputs().get(0);
        assertThat(published.name()).isEqualTo("results");
        assertThat(published.path()).isEqualTo(output.path());
        assertThat(published.fileCount()).isEqualTo(1);
        Path file = Path.of(URI.create(published.location())).resolve("result.txt");
        assertThat(file).hasContent("written by wasm");
        assertThat(root.resolve("work")).isEmptyDirectory();
    }

    private ExecutionOutcome run(
            Runtime runtime, String module, List<StorageSpec> inputs, List<StorageSpec> outputs)
            throws Exception {
        WasmExecutor executor =
                new WasmExecutor(settings(runtime), WasmJobs.storage(root), WasmJobs.IDLE_THREADS);
        ExecutionRequest request =
                WasmJobs.request(
                        spec(inline(module)),
                        ByteSize.ofMebibytes(64),
                        inputs,
                        outputs,
                        new PublisherSpec("local", Map.of()));
        return outcome(executor.start(request));
    }

    private static StorageSpec input(String source, String url, String sourcePath, String path) {
        return new StorageSpec(
                source, null, null, url, null, null, sourcePath, false, path, Map.of());
    }

    private static String textDataUrl(String text) {
        return "data:text/plain;base64,"
                + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
