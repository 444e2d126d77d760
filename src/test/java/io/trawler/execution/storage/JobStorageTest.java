package io.trawler.execution.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.FailureReason;
import io.trawler.execution.PublishedOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobStorageTest {

    @TempDir Path temp;

    private Path workRoot;
    private Path allowed;
    private Path results;
    private JobStorage storage;
    private HttpServer server;
    private final CountDownLatch releaseSlowResponses = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws IOException {
        workRoot = temp.resolve("work");
        allowed = Files.createDirectories(temp.resolve("allowed"));
        results = temp.resolve("results");
        storage = new JobStorage(settings(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stopServer() {
        releaseSlowResponses.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private StorageSettings settings(Duration downloadTimeout) {
        return new StorageSettings(
                workRoot, List.of(allowed), 64, true, 1024, downloadTimeout, results);
    }

    private static String inputs(String... specs) {
        return "\"Inputs\": [" + String.join(",", specs) + "]";
    }

    private static String inline(String url, String path) {
        return "{\"StorageSource\": \"inline\", \"Name\": \"data\", \"URL\": \"%s\", \"Path\": \"%s\"}"
                .formatted(url, path);
    }

    private static String local(String source, String path) {
        return "{\"StorageSource\": \"localDirectory\", \"SourcePath\": \"%s\", \"Path\": \"%s\"}"
                .formatted(source, path);
    }

    private static String download(String url) {
        return "{\"StorageSource\": \"urlDownload\", \"URL\": \"%s\", \"Path\": \"/inputs\"}"
                .formatted(url);
    }

    private ExecutionRequest request(String specFields) {
        return StorageTestJobs.request(StorageTestJobs.uniqueJobId("storage"), specFields);
    }

    private FailureReason failureOf(String specFields) {
        try (JobWorkspace ignored = storage.prepare(request(specFields))) {
            throw new AssertionError("the workspace was prepared");
        } catch (StorageException e) {
            return e.reason();
        }
    }

    @Test
    void stagesBase64DataUrlAsFileAtItsPath() throws Exception {
        String encoded =
                Base64.getEncoder().encodeToString("hello, job".getBytes(StandardCharsets.UTF_8));

        try (JobWorkspace workspace =
                storage.prepare(
                        request(
                                inputs(
                                        inline(
                                                "data:text/plain;base64," + encoded,
                                                "/inputs/greeting.txt"))))) {

            StagedInput input = workspace.inputs().get(0);
            assertThat(input.name()).isEqualTo("data");
            assertThat(input.jobPath()).isEqualTo("/inputs/greeting.txt");
            assertThat(input.hostPath().getFileName()).hasToString("greeting.txt");
            assertThat(Files.readString(input.hostPath())).isEqualTo("hello, job");
        }
    }

    @Test
    void stagesPercentEncodedDataUrl() throws Exception {
        try (JobWorkspace workspace =
                storage.prepare(request(inputs(inline("data:,a%20b%2Cc", "/in/x"))))) {

            assertThat(Files.readString(workspace.inputs().get(0).hostPath())).isEqualTo("a b,c");
        }
    }

    @Test
    void stagesPlainInlineTextAsUtf8() throws Exception {
        try (JobWorkspace workspace =
                storage.prepare(request(inputs(inline("plain café", "/in/t"))))) {

            assertThat(Files.readString(workspace.inputs().get(0).hostPath()))
                    .isEqualTo("plain café");
        }
    }

    @Test
    void refusesInlineDataLargerThanTheCapWithItsDecodedSize() {
        String encoded = Base64.getEncoder().encodeToString(new byte[65]);

        assertThatThrownBy(
                        () ->
                                storage.prepare(
                                        request(
                                                inputs(
                                                        inline(
                                                                "data:;base64," + encoded,
                                                                "/in/big")))))
                .isInstanceOfSatisfying(
                        StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.INPUT_UNAVAILABLE))
                .hasMessageContaining("65 bytes")
                .hasMessageContaining("at most 64");
    }

    @Test
    void refusesInlineDataThatIsNotBase64() {
        assertThatThrownBy(
                        () ->
                                storage.prepare(
                                        request(inputs(inline("data:;base64,@@@@", "/in/x")))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void usesLocalDirectoryBelowAnAllowedRootWithoutCopyingIt() throws Exception {
        Path data = Files.createDirectories(allowed.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "a");

        try (JobWorkspace workspace =
                storage.prepare(request(inputs(local(data.toString(), "/data"))))) {

            StagedInput input = workspace.inputs().get(0);
            assertThat(input.hostPath()).isEqualTo(data.toRealPath());
            assertThat(input.jobPath()).isEqualTo("/data");
            assertThat(input.name()).isEqualTo("input-0");
        }
        assertThat(data.resolve("a.txt")).exists();
    }

    @Test
    void refusesLocalDirectoryOutsideTheAllowedRoots() throws Exception {
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));

        assertThatThrownBy(
                        () ->
                                storage.prepare(
                                        request(inputs(local(elsewhere.toString(), "/data")))))
                .isInstanceOfSatisfying(
                        StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.INPUT_UNAVAILABLE))
                .hasMessageContaining("is not below a directory this worker allows")
                .hasMessageContaining("trawler.validation.allowed-local-directories");
    }

    @Test
    void refusesLocalDirectoryThatEscapesItsRootThroughASymbolicLink() throws Exception {
        Path elsewhere = Files.createDirectories(temp.resolve("secret"));
        Path link = Files.createSymbolicLink(allowed.resolve("link"), elsewhere);

        assertThatThrownBy(() -> storage.prepare(request(inputs(local(link.toString(), "/data")))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("is not below a directory this worker allows");
    }

    @Test
    void refusesEveryLocalDirectoryWhenTheOperatorAllowsNone() throws Exception {
        JobStorage strict =
                new JobStorage(
                        new StorageSettings(
                                workRoot,
                                List.of(),
                                64,
                                true,
                                1024,
                                Duration.ofSeconds(1),
                                results));
        Path data = Files.createDirectories(allowed.resolve("data"));

        assertThatThrownBy(() -> strict.prepare(request(inputs(local(data.toString(), "/data")))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("allows no local directories");
    }

    @Test
    void refusesWritableLocalDirectory() throws Exception {
        Path data = Files.createDirectories(allowed.resolve("rw"));
        String spec =
                "{\"StorageSource\": \"localDirectory\", \"SourcePath\": \"%s\", \"ReadWrite\": true, \"Path\": \"/rw\"}"
                        .formatted(data);

        assertThatThrownBy(() -> storage.prepare(request(inputs(spec))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("read-only");
    }

    @Test
    void refusesUnsupportedSourceNamingTheSupportedOnes() {
        String s3 =
                "{\"StorageSource\": \"s3\", \"Name\": \"bucket\", \"S3\": {\"Bucket\": \"b\"},"
                        + " \"Path\": \"/s3\"}";

        assertThatThrownBy(() -> storage.prepare(request(inputs(s3))))
                .isInstanceOfSatisfying(
                        StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.INPUT_UNAVAILABLE))
                .hasMessageContaining("input bucket uses storage source s3")
                .hasMessageContaining("inline, localDirectory, urlDownload");
    }

    @Test
    void refusesInputWithoutAnAbsolutePath() {
        assertThat(failureOf(inputs(inline("x", "relative/path"))))
                .isEqualTo(FailureReason.INPUT_UNAVAILABLE);
        assertThat(failureOf(inputs(inline("x", "/in/../etc"))))
                .isEqualTo(FailureReason.INPUT_UNAVAILABLE);
    }

    @Test
    void downloadsAUrlIntoAFileNamedAfterItsLastSegment() throws Exception {
        String url = serve("/files/report.csv", "a,b\n1,2\n", false);

        try (JobWorkspace workspace = storage.prepare(request(inputs(download(url))))) {

            StagedInput input = workspace.inputs().get(0);
            assertThat(input.jobPath()).isEqualTo("/inputs");
            assertThat(Files.readString(input.hostPath().resolve("report.csv")))
                    .isEqualTo("a,b\n1,2\n");
        }
    }

    @Test
    void refusesADownloadLargerThanTheCapWhetherOrNotItDeclaresItsLength() throws Exception {
        String declared = serve("/declared", "x".repeat(2000), false);
        String chunked = serve("/chunked", "x".repeat(2000), true);

        assertThatThrownBy(() -> storage.prepare(request(inputs(download(declared)))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("at most 1024");
        assertThatThrownBy(() -> storage.prepare(request(inputs(download(chunked)))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("at most 1024");
        assertThat(workRoot).isEmptyDirectory();
    }

    @Test
    void refusesADownloadThatAnswersAnHttpError() throws Exception {
        serve("/exists", "x", false);
        String missing = "http://127.0.0.1:" + server.getAddress().getPort() + "/missing";

        assertThatThrownBy(() -> storage.prepare(request(inputs(download(missing)))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void refusesADownloadThatTakesLongerThanItsTimeout() throws Exception {
        startServer();
        server.createContext(
                "/slow",
                exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    try {
                        releaseSlowResponses.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
        JobStorage impatient = new JobStorage(settings(Duration.ofMillis(500)));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";

        assertThatThrownBy(() -> impatient.prepare(request(inputs(download(url)))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("took longer than");
    }

    @Test
    void refusesDownloadsOtherThanHttpAndHttps() {
        assertThatThrownBy(() -> storage.prepare(request(inputs(download("file:///etc/passwd")))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("only fetches http and https");
    }

    @Test
    void createsOneFreshWritableDirectoryPerOutput() throws Exception {
        String outputs =
                "\"Outputs\": [{\"Name\": \"results\", \"Path\": \"/outputs\"}, {\"Path\":"
                        + " \"/logs\"}]";

        try (JobWorkspace workspace = storage.prepare(request(outputs))) {

            assertThat(workspace.outputs())
                    .extracting(OutputDirectory::name)
                    .containsExactly("results", "logs");
            assertThat(workspace.outputs())
                    .extracting(OutputDirectory::jobPath)
                    .containsExactly("/outputs", "/logs");
            for (OutputDirectory output : workspace.outputs()) {
                assertThat(output.hostPath()).isEmptyDirectory();
                assertThat(
                                PosixFilePermissions.toString(
                                        Files.getPosixFilePermissions(output.hostPath())))
                        .isEqualTo("rwxrwxrwx");
            }
        }
    }

    @Test
    void localPublisherMovesOutputsUnderJobAndExecutionAndReportsThem() throws Exception {
        ExecutionRequest request =
                request(
                        "\"PublisherSpec\": {\"Type\": \"local\"}, \"Outputs\": [{\"Name\":"
                                + " \"results\", \"Path\": \"/outputs\"}]");
        List<PublishedOutput> published;
        Path workspaceRoot;

        try (JobWorkspace workspace = storage.prepare(request)) {
            workspaceRoot = workspace.root();
            Path dir = workspace.outputs().get(0).hostPath();
            Files.writeString(dir.resolve("a.txt"), "12345");
            Files.createDirectories(dir.resolve("sub"));
            Files.writeString(dir.resolve("sub/b.txt"), "678");
            Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc/hostname"));
            published = workspace.publish();
        }

        Path expected =
                results.resolve(request.jobId()).resolve(request.executionId()).resolve("results");
        assertThat(published)
                .containsExactly(
                        new PublishedOutput(
                                "results", "/outputs", 8, 2, expected.toUri().toString()));
        assertThat(Files.readString(expected.resolve("sub/b.txt"))).isEqualTo("678");
        assertThat(workspaceRoot).doesNotExist();
    }

    @Test
    void noopPublisherReportsNamesAndSizesAndKeepsNothing() throws Exception {
        ExecutionRequest request =
                request(
                        "\"PublisherSpec\": {\"Type\": \"noop\"}, \"Outputs\": [{\"Name\": \"out\","
                                + " \"Path\": \"/out\"}]");
        List<PublishedOutput> published;
        Path dir;

        try (JobWorkspace workspace = storage.prepare(request)) {
            dir = workspace.outputs().get(0).hostPath();
            Files.writeString(dir.resolve("a.txt"), "abc");
            published = workspace.publish();
        }

        assertThat(published).containsExactly(new PublishedOutput("out", "/out", 3, 1, ""));
        assertThat(dir).doesNotExist();
        assertThat(results).doesNotExist();
    }

    @Test
    void jobWithoutPublisherPublishesNothingButReportsItsOutputs() throws Exception {
        try (JobWorkspace workspace =
                storage.prepare(
                        request("\"Outputs\": [{\"Name\": \"out\", \"Path\": \"/out\"}]"))) {

            assertThat(workspace.publish())
                    .containsExactly(new PublishedOutput("out", "/out", 0, 0, ""));
        }
    }

    @Test
    void refusesAnUnsupportedPublisherBeforeStagingAnything() {
        assertThatThrownBy(
                        () ->
                                storage.prepare(
                                        request(
                                                "\"PublisherSpec\": {\"Type\": \"s3\"}, "
                                                        + inputs(inline("x", "/in/x")))))
                .isInstanceOfSatisfying(
                        StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.PUBLISH_FAILED))
                .hasMessageContaining("publisher s3 is not supported");
        assertThat(workRoot).doesNotExist();
    }

    @Test
    void refusesTwoOutputsWithOneNameOrOnePath() {
        assertThat(
                        failureOf(
                                "\"Outputs\": [{\"Name\": \"a\", \"Path\": \"/a\"}, {\"Name\":"
                                        + " \"a\", \"Path\": \"/b\"}]"))
                .isEqualTo(FailureReason.PUBLISH_FAILED);
        assertThat(
                        failureOf(
                                inputs(inline("x", "/same"))
                                        + ", \"Outputs\": [{\"Name\": \"a\", \"Path\":"
                                        + " \"/same\"}]"))
                .isEqualTo(FailureReason.INPUT_UNAVAILABLE);
        assertThat(failureOf("\"Outputs\": [{\"Name\": \"../up\", \"Path\": \"/a\"}]"))
                .isEqualTo(FailureReason.PUBLISH_FAILED);
    }

    @Test
    void failsToPublishWhenTheResultsDirectoryCannotBeMade() throws Exception {
        Files.writeString(temp.resolve("not-a-directory"), "x");
        JobStorage broken =
                new JobStorage(
                        new StorageSettings(
                                workRoot,
                                List.of(),
                                64,
                                true,
                                1024,
                                Duration.ofSeconds(1),
                                temp.resolve("not-a-directory")));
        ExecutionRequest request =
                request(
                        "\"PublisherSpec\": {\"Type\": \"local\"}, \"Outputs\": [{\"Name\": \"o\","
                                + " \"Path\": \"/o\"}]");

        try (JobWorkspace workspace = broken.prepare(request)) {

            assertThatThrownBy(workspace::publish)
                    .isInstanceOfSatisfying(
                            StorageException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.PUBLISH_FAILED))
                    .hasMessageContaining("output o could not be moved");
        }
    }

    @Test
    void closingDeletesStagedInputsAndUnpublishedOutputs() throws Exception {
        Path root;
        try (JobWorkspace workspace =
                storage.prepare(
                        request(
                                inputs(inline("x", "/in/x"))
                                        + ", \"Outputs\": [{\"Name\": \"o\", \"Path\":"
                                        + " \"/o\"}]"))) {
            root = workspace.root();
            Files.writeString(workspace.outputs().get(0).hostPath().resolve("left.txt"), "x");
            assertThat(root).isDirectory();
        }

        assertThat(root).doesNotExist();
        assertThat(workRoot).isEmptyDirectory();
    }

    @Test
    void failedPreparationLeavesNothingBehind() {
        assertThat(failureOf(inputs(inline("x", "/in/x"), local("/etc", "/etc-copy"))))
                .isEqualTo(FailureReason.INPUT_UNAVAILABLE);

        assertThat(workRoot).isEmptyDirectory();
    }

    @Test
    void makesNoDirectoryForAJobWithoutInputsOrOutputs() throws Exception {
        Path root;

        try (JobWorkspace workspace = storage.prepare(request(""))) {
            root = workspace.root();

            assertThat(root).doesNotExist();
            assertThat(workspace.inputs()).isEmpty();
            assertThat(workspace.publish()).isEmpty();
        }

        assertThat(root).doesNotExist();
        assertThat(workRoot).doesNotExist();
    }

    @Test
    void closingAWorkspaceWithoutADirectoryLeavesAnotherExecutionsDirectoryAlone()
            throws Exception {
        ExecutionRequest request = request("");
        Path other = Files.createDirectories(workRoot.resolve(request.executionId()));
        Files.writeString(other.resolve("kept.txt"), "x");

        storage.prepare(request).close();

        assertThat(other.resolve("kept.txt")).hasContent("x");
    }

    @Test
    void stagesAnExtraSpecOutsideTheJobsInputs() throws Exception {
        try (JobWorkspace workspace = storage.prepare(request(""))) {

            StagedInput module =
                    workspace.stageExtra(
                            "module",
                            new io.trawler.job.StorageSpec(
                                    "inline",
                                    "module",
                                    null,
                                    "data:;base64,AGFzbQ==",
                                    null,
                                    null,
                                    null,
                                    false,
                                    null,
                                    null));

            assertThat(module.jobPath()).isEmpty();
            assertThat(Files.readAllBytes(module.hostPath())).containsExactly(0, 'a', 's', 'm');
            assertThat(workspace.inputs()).isEmpty();
            assertThat(
                            PosixFilePermissions.toString(
                                    Files.getPosixFilePermissions(workspace.root())))
                    .isEqualTo("rwx------");
        }
    }

    private void startServer() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.start();
        }
    }

    private String serve(String path, String body, boolean chunked) throws IOException {
        startServer();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext(
                path,
                exchange -> {
                    exchange.sendResponseHeaders(200, chunked ? 0 : bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                });
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
