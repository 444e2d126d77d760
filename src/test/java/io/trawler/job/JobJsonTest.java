package io.trawler.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trawler.testing.Schemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobJsonTest {

    private static final ObjectMapper MAPPER = JobJson.mapper();
    private static final Path SAMPLES = Path.of("src", "samples");
    private static final Path DOCUMENTS = Path.of("src", "test", "resources", "jobs");

    static Stream<Path> documents() throws IOException {
        return Stream.concat(Files.list(SAMPLES), Files.list(DOCUMENTS))
                .filter(path -> path.toString().endsWith(".json"))
                .sorted();
    }

    @ParameterizedTest
    @MethodSource("documents")
    void roundTripsEveryDocumentToAnEqualJob(Path document) throws IOException {
        Job read = MAPPER.readValue(document.toFile(), Job.class);

        Job again = MAPPER.readValue(MAPPER.writeValueAsBytes(read), Job.class);

        assertThat(again).isEqualTo(read);
    }

    @ParameterizedTest
    @MethodSource("documents")
    void writesBacalhauFieldNamesInTheCurrentForm(Path document) throws IOException {
        Job read = MAPPER.readValue(document.toFile(), Job.class);

        JsonNode written = MAPPER.readTree(MAPPER.writeValueAsBytes(read));

        assertThat(written.has("APIVersion")).isTrue();
        assertThat(written.path("Spec").has("EngineSpec")).isTrue();
        assertThat(written.path("Spec").has("Engine")).isFalse();
        assertThat(written.path("Spec").has("Docker")).isFalse();
        assertThat(written.path("Spec").has("Publisher")).isFalse();
        assertThat(Schemas.JOB.violations(written)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("documents")
    void everyDocumentConformsToTheJobSchema(Path document) throws IOException {
        JsonNode tree = MAPPER.readTree(document.toFile());

        assertThat(Schemas.JOB.violations(tree)).isEmpty();
    }

    @Test
    void theJobSchemaRefusesADockerJobWithoutAnImage() throws IOException {
        JsonNode tree =
                MAPPER.readTree(
                        """
                        {"APIVersion": "V1beta2",
                         "Spec": {"EngineSpec": {"Type": "docker", "Params": {"Entrypoint": []}}}}
                        """);

        assertThat(Schemas.JOB.violations(tree)).contains("Image");
    }

    @Test
    void readsTheCurrentFormWithTypedDockerParams() throws IOException {
        Job job = read(SAMPLES.resolve("docker-job.json"));

        EngineParams params =
                EngineParams.decode(EngineType.DOCKER, job.spec().engineSpec().params(), MAPPER);

        assertThat(job.metadata().requester().requesterNodeId()).isEqualTo("QmSampleRequesterNode");
        assertThat(params)
                .isEqualTo(
                        new DockerEngineSpec(
                                "trawler-test/busybox:1.35",
                                List.of("/bin/sh", "-c"),
                                List.of(
                                        "echo hello from $GREETING > /outputs/greeting.txt;"
                                                + " cat /inputs/message.txt"),
                                List.of("GREETING=trawler"),
                                "/tmp"));
        assertThat(job.spec().resources())
                .isEqualTo(new ResourceUsageConfig("500m", "128Mi", "1Gi", "0"));
        assertThat(job.spec().inputs())
                .singleElement()
                .extracting(StorageSpec::path)
                .isEqualTo("/inputs/message.txt");
    }

    @Test
    void foldsTheDeprecatedDockerBlockAndPublisherIntoTheCurrentForm() throws IOException {
        Job job = read(SAMPLES.resolve("docker-job-deprecated-form.json"));

        DockerEngineSpec docker =
                (DockerEngineSpec)
                        EngineParams.decode(
                                EngineType.parse(job.spec().engineSpec().type()).orElseThrow(),
                                job.spec().engineSpec().params(),
                                MAPPER);

        assertThat(job.spec().engineSpec().type()).isEqualTo("docker");
        assertThat(job.spec().publisherSpec().type()).isEqualTo("noop");
        assertThat(docker.image()).isEqualTo("trawler-test/busybox:1.35");
        assertThat(docker.parameters())
                .containsExactly("hello", "from", "the", "deprecated", "form");
        assertThat(docker.environmentVariables()).containsExactly("MODE=legacy");
    }

    @Test
    void readsBothFormsOfTheSameJobAsEqualJobs() throws IOException {
        String current =
                """
                {"APIVersion": "V1beta1", "Spec": {
                  "EngineSpec": {"Type": "docker", "Params": {"Image": "alpine:3", "Parameters": ["ls"]}},
                  "PublisherSpec": {"Type": "noop"}}}
                """;
        String deprecated =
                """
                {"APIVersion": "V1beta1", "Spec": {
                  "Engine": "docker", "Docker": {"Image": "alpine:3", "Parameters": ["ls"]},
                  "Publisher": "noop"}}
                """;

        Job fromCurrent = MAPPER.readValue(current, Job.class);
        Job fromDeprecated = MAPPER.readValue(deprecated, Job.class);

        assertThat(fromDeprecated).isEqualTo(fromCurrent);
    }

    @Test
    void keepsAnInlineBase64WasmModuleByteForByte() throws IOException {
        Job job = read(SAMPLES.resolve("wasm-inline-job.json"));

        WasmEngineSpec wasm =
                (WasmEngineSpec)
                        EngineParams.decode(
                                EngineType.WASM, job.spec().engineSpec().params(), MAPPER);
        String url = wasm.entryModule().url();
        byte[] module = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));

        assertThat(wasm.entryModule().storageSource()).isEqualTo("inline");
        assertThat(module).startsWith(0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00);
        assertThat(wasm.entryPointOrDefault()).isEqualTo("_start");
        assertThat(wasm.environmentVariables()).containsEntry("GREETING", "hi");
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() throws IOException {
        Job job = read(DOCUMENTS.resolve("unknown-fields.json"));

        JsonNode written = MAPPER.readTree(MAPPER.writeValueAsBytes(job));

        assertThat(job.metadata().id()).isEqualTo("unknown-fields-1");
        assertThat(job.spec().network().domains()).containsExactly("example.com", ".pypi.org");
        assertThat(job.spec().inputs().get(1).s3().region()).isEqualTo("eu-west-1");
        assertThat(job.spec().nodeSelectors().get(0).values()).containsExactly("a", "b");
        assertThat(job.spec().deal().concurrency()).isEqualTo(1);
        assertThat(written.has("ExtraTopLevel")).isFalse();
        assertThat(written.path("Spec").has("QueueTimeout")).isFalse();
    }

    @Test
    void keepsCreationTimeToTheNanosecond() throws IOException {
        Job job = read(DOCUMENTS.resolve("unknown-fields.json"));

        assertThat(job.metadata().createdAt().getNano()).isEqualTo(123_456_789);
    }

    private static Job read(Path path) throws IOException {
        return MAPPER.readValue(path.toFile(), Job.class);
    }
}
