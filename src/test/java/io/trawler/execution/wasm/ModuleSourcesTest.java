package io.trawler.execution.wasm;

import static io.trawler.execution.wasm.TestModules.bytes;
import static io.trawler.execution.wasm.TestModules.dataUrl;
import static io.trawler.execution.wasm.TestModules.storage;
import static io.trawler.execution.wasm.WasmJobs.outcome;
import static io.trawler.execution.wasm.WasmJobs.request;
import static io.trawler.execution.wasm.WasmJobs.settings;
import static io.trawler.execution.wasm.WasmJobs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.trawler.config.TrawlerConfig.Wasm.Runtime;
import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.FailureReason;
import io.trawler.execution.StopReason;
import io.trawler.job.StorageSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleSourcesTest {

    /** The inline limit of the storage settings that {@link WasmJobs} builds. */
    private static final int INLINE_LIMIT = 1024 * 1024;

    private static final int MAX_MODULE_BYTES = 1024 * 1024;

    @TempDir Path temp;

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(
                "/hello.wasm",
                exchange -> {
                    byte[] body = bytes("hello");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.createContext(
                "/huge.wasm",
                exchange -> {
                    // Chunked, so the size is only found out while the body arrives.
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        byte[] chunk = new byte[64 * 1024];
                        for (int i = 0; i < 32; i++) {
                            out.write(chunk);
                        }
                    } catch (IOException clientGaveUp) {
                        // The executor stops reading once the cap is passed.
                    }
                });
        server.createContext(
                "/slow.wasm",
                exchange -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void runsAModuleFromABase64DataUrl() throws Exception {
        ExecutionOutcome outcome = run(TestModules.inline("hello"));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
    }

    @Test
    void runsAModuleFromAPercentEncodedDataUrl() throws Exception {
        StringBuilder url = new StringBuilder("data:application/wasm,");
        for (byte b : bytes("hello")) {
            url.append(String.format("%%%02X", b & 0xff));
        }

        ExecutionOutcome outcome = run(storage("inline", "m", url.toString(), null));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertThat(outcome.result().stdout().text()).isEqualTo("hello from wasm\n");
    }

    @Test
    void refusesAnInlineModuleWhoseUrlIsNotAValidDataUrl() throws Exception {
        ExecutionOutcome outcome =
                run(storage("inline", "m", "data:application/wasm;base64,AA AA", null));

        assertUnavailable(outcome, "is inline but its URL is not a valid data: URL");
    }

    @Test
    void refusesAnInlineModuleOverTheInlineLimitBeforeDecodingIt() throws Exception {
        byte[] big = new byte[INLINE_LIMIT + 1];

        ExecutionOutcome outcome = run(storage("inline", "m", dataUrl(big), null));

        assertUnavailable(outcome, "is 1048577 bytes, more than the inline limit of 1048576");
    }

    @Test
    void holdsInlineModulesToTheInlineLimitAndOtherModulesToTheModuleSizeCap() throws Exception {
        Path allowed = Files.createDirectory(temp.resolve("modules"));
        Files.write(allowed.resolve("hello.wasm"), bytes("hello"));
        WasmSettings smallModules =
                new WasmSettings(1024, Runtime.COMPILER, 8, 16, Duration.ofSeconds(5));
        WasmExecutor executor = WasmJobs.executor(smallModules, List.of(allowed.toRealPath()));
        String local = allowed.resolve("hello.wasm").toString();

        ExecutionOutcome inline =
                outcome(executor.start(request(spec(TestModules.inline("hello")))));
        ExecutionOutcome fromDirectory =
                outcome(executor.start(request(spec(storage("localDirectory", "m", null, local)))));

        assertThat(bytes("hello").length).isGreaterThan(16);
        assertThat(inline).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertUnavailable(fromDirectory, "more than the limit of 16");
    }

    @Test
    void refusesBytesThatAreNotAWebAssemblyModule() throws Exception {
        ExecutionOutcome outcome = run(storage("inline", "m", dataUrl(new byte[] {1, 2, 3}), null));

        assertUnavailable(outcome, "the entry module is not a valid WebAssembly module");
    }

    @Test
    void downloadsAModuleOverHttp() throws Exception {
        ExecutionOutcome outcome = run(storage("urlDownload", "m", url("/hello.wasm"), null));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertThat(outcome.result().stdout().text()).isEqualTo("hello from wasm\n");
    }

    @Test
    void stopsADownloadOnceItPassesTheSizeCap() throws Exception {
        ExecutionOutcome outcome = run(storage("urlDownload", "m", url("/huge.wasm"), null));

        assertUnavailable(outcome, "larger than the limit of 1048576 bytes");
    }

    @Test
    void givesUpADownloadThatTakesLongerThanTheTimeout() throws Exception {
        WasmSettings quick =
                new WasmSettings(
                        1024, Runtime.COMPILER, 8, MAX_MODULE_BYTES, Duration.ofMillis(300));

        ExecutionOutcome outcome =
                outcome(
                        WasmJobs.executor(quick)
                                .start(
                                        request(
                                                spec(
                                                        storage(
                                                                "urlDownload",
                                                                "m",
                                                                url("/slow.wasm"),
                                                                null)))));

        assertThat(((ExecutionOutcome.Failed) outcome).reason())
                .isEqualTo(FailureReason.INPUT_UNAVAILABLE);
        assertThat(((ExecutionOutcome.Failed) outcome).message()).contains("slow.wasm");
    }

    @Test
    void stopsARunWhileItsModuleIsStillDownloading() throws Exception {
        Execution execution =
                WasmJobs.executor(settings(Runtime.COMPILER))
                        .start(request(spec(storage("urlDownload", "m", url("/slow.wasm"), null))));
        long started = System.nanoTime();

        execution.stop(StopReason.CANCEL);
        ExecutionOutcome outcome = outcome(execution);

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Stopped.class);
        assertThat(((ExecutionOutcome.Stopped) outcome).reason()).isEqualTo(StopReason.CANCEL);
        // Well before the 5 s download timeout of these settings.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void reportsTheHttpStatusOfAFailedDownload() throws Exception {
        ExecutionOutcome outcome = run(storage("urlDownload", "m", url("/missing.wasm"), null));

        assertUnavailable(outcome, "answered HTTP 404");
    }

    @Test
    void downloadsOnlyOverHttpOrHttps() throws Exception {
        ExecutionOutcome outcome = run(storage("urlDownload", "m", "file:///etc/passwd", null));

        assertUnavailable(outcome, "must be downloaded over http or https");
    }

    @Test
    void readsAModuleFromAnAllowedDirectory() throws Exception {
        Path allowed = Files.createDirectory(temp.resolve("modules"));
        Files.write(allowed.resolve("hello.wasm"), bytes("hello"));
        WasmExecutor executor =
                WasmJobs.executor(settings(Runtime.COMPILER), List.of(allowed.toRealPath()));

        ExecutionOutcome outcome =
                outcome(
                        executor.start(
                                request(
                                        spec(
                                                storage(
                                                        "localDirectory",
                                                        "m",
                                                        null,
                                                        allowed.resolve("hello.wasm")
                                                                .toString())))));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
    }

    @Test
    void refusesAModuleOutsideTheAllowedDirectoriesEvenThroughASymbolicLink() throws Exception {
        Path allowed = Files.createDirectory(temp.resolve("modules"));
        Path outside = Files.write(temp.resolve("outside.wasm"), bytes("hello"));
        Path link = Files.createSymbolicLink(allowed.resolve("link.wasm"), outside);
        WasmExecutor executor =
                WasmJobs.executor(settings(Runtime.COMPILER), List.of(allowed.toRealPath()));

        ExecutionOutcome direct =
                outcome(
                        executor.start(
                                request(
                                        spec(
                                                storage(
                                                        "localDirectory",
                                                        "m",
                                                        null,
                                                        outside.toString())))));
        ExecutionOutcome linked =
                outcome(
                        executor.start(
                                request(
                                        spec(
                                                storage(
                                                        "localDirectory",
                                                        "m",
                                                        null,
                                                        link.toString())))));

        assertUnavailable(
                direct,
                "is not below a directory that trawler.validation.allowed-local-directories"
                        + " allows");
        assertUnavailable(
                linked,
                "is not below a directory that trawler.validation.allowed-local-directories"
                        + " allows");
    }

    @Test
    void refusesSourcesItCannotLoadModulesFrom() throws Exception {
        ExecutionOutcome outcome = run(storage("ipfs", "m", null, null));

        assertUnavailable(outcome, "storage source 'ipfs'");
    }

    @Test
    void refusesAnImportModuleWithoutAName() throws Exception {
        StorageSpec unnamed = storage("inline", null, dataUrl(bytes("adder")), null);

        ExecutionOutcome outcome =
                outcome(
                        WasmJobs.executor(settings(Runtime.COMPILER))
                                .start(
                                        request(
                                                new io.trawler.job.WasmEngineSpec(
                                                        TestModules.inline("uses-adder"),
                                                        null,
                                                        List.of(),
                                                        java.util.Map.of(),
                                                        List.of(unnamed)))));

        assertUnavailable(outcome, "import module 1 has no Name");
    }

    private ExecutionOutcome run(StorageSpec entry) throws Exception {
        return outcome(WasmJobs.executor(settings(Runtime.COMPILER)).start(request(spec(entry))));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void assertUnavailable(ExecutionOutcome outcome, String message) {
        assertThat(outcome).isInstanceOf(ExecutionOutcome.Failed.class);
        ExecutionOutcome.Failed failed = (ExecutionOutcome.Failed) outcome;
        assertThat(failed.reason()).isEqualTo(FailureReason.INPUT_UNAVAILABLE);
        assertThat(failed.message()).contains(message);
        assertThat(failed.result().exitCode()).isEmpty();
    }
}
