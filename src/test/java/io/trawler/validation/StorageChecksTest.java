package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageChecksTest {

    private final Pipeline pipeline = Pipeline.standard();

    /** The standard policy, but with local directories below {@code /data/shared} allowed. */
    private final Pipeline allowing =
            new Pipeline(
                    TestPolicies.builder()
                            .storage(
                                    new StoragePolicy(
                                            1 << 20,
                                            List.of(
                                                    StoragePolicy.LocalDirectoryGrant.parse(
                                                            "/data/shared")),
                                            false))
                            .build());

    private static JobDocument withInput(String id, String inputJson) {
        return JobDocument.noop(id).setJson("/Spec/Inputs", "[" + inputJson + "]");
    }

    @Test
    void refusesAnUnknownStorageSourceAndAMissingOne() {
        assertThat(
                        pipeline.run(
                                        withInput(
                                                "storage-unknown",
                                                "{\"StorageSource\": \"ftp\", \"Path\": \"/in\"}"))
                                .codes())
                .containsExactly(ViolationCode.UNKNOWN_STORAGE_SOURCE);
        assertThat(pipeline.run(withInput("storage-missing", "{\"Path\": \"/in\"}")).codes())
                .containsExactly(ViolationCode.UNKNOWN_STORAGE_SOURCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "IPFS", "repoClone", "repoCloneLFS"})
    void refusesKnownSourcesThisWorkerCannotFetchWithTheirOwnCode(String source) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        withInput(
                                "storage-unsupported",
                                "{\"StorageSource\": \"" + source + "\", \"Path\": \"/in\"}"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.STORAGE_SOURCE_UNSUPPORTED);
        assertThat(outcome.violations().get(0).message())
                .contains("inline, urlDownload, localDirectory");
    }

    @Test
    void readsStorageSourceNamesCaseInsensitively() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        withInput(
                                "storage-case",
                                "{\"StorageSource\": \"URLDownload\", \"URL\":"
                                        + " \"https://a.example.com/f\", \"Path\": \"/in\"}"));

        assertThat(outcome.violations()).isEmpty();
    }

    @Test
    void acceptsAnOutputWhoseSourceIsOneThePublisherIgnores() {
        assertThat(pipeline.run(JobDocument.docker("storage-output-ipfs")).violations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "relative/path",
                "/inputs/../etc",
                "/inputs/./x",
                "/",
                "/a//b",
                "/nul\u0000"
            })
    void refusesInJobPathsThatAreNotNormalizedAbsolutePaths(String path) {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.docker("storage-path").set("/Spec/Inputs/0/Path", path));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_STORAGE_PATH);
        assertThat(outcome.violations().get(0).path()).isEqualTo("$.Spec.Inputs[0].Path");
    }

    @Test
    void refusesAnInputOrOutputWithoutPath() {
        assertThat(
                        pipeline.run(
                                        JobDocument.docker("storage-no-path")
                                                .remove("/Spec/Outputs/0/Path"))
                                .codes())
                .containsExactly(ViolationCode.INVALID_STORAGE_PATH);
    }

    @Test
    void refusesTwoVolumesAtTheSamePathEvenAcrossInputsAndOutputs() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("storage-dup-path")
                                .set("/Spec/Outputs/0/Path", "/inputs/run.py/"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.DUPLICATE_STORAGE_PATH);
        assertThat(outcome.violations().get(0).message()).contains("$.Spec.Inputs[1].Path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "back\\slash", "tab\tname"})
    void refusesUnsafeStorageNames(String name) {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.docker("storage-name").set("/Spec/Outputs/0/Name", name));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_STORAGE_NAME);
    }

    @Test
    void refusesAnOutputWithoutNameAndTwoOutputsWithOneName() {
        assertThat(
                        pipeline.run(
                                        JobDocument.docker("storage-no-name")
                                                .remove("/Spec/Outputs/0/Name"))
                                .codes())
                .containsExactly(ViolationCode.INVALID_STORAGE_NAME);
        assertThat(
                        pipeline.run(
                                        JobDocument.docker("storage-dup-name")
                                                .setJson(
                                                        "/Spec/Outputs/1",
                                                        "{\"Name\": \"outputs\", \"Path\":"
                                                                + " \"/other\"}"))
                                .codes())
                .containsExactly(ViolationCode.DUPLICATE_STORAGE_NAME);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:///etc/passwd",
                "ftp://files.example.com/a",
                "gopher://x.example.com/",
                "not a url",
                "https:///nohost",
                "//x.example.com/a"
            })
    void downloadsOnlyHttpAndHttpsUrls(String url) {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.docker("storage-url").set("/Spec/Inputs/0/URL", url));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_URL);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest/meta-data/",
                "http://localhost:8080/x",
                "http://127.0.0.1/x",
                "http://10.1.2.3/x",
                "http://[::1]/x",
                "http://[fd00::1]/x",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://kubernetes/api"
            })
    void refusesDownloadsFromHostsOfTheWorkersOwnNetwork(String url) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("storage-url-local").set("/Spec/Inputs/0/URL", url));

        assertThat(outcome.codes()).containsExactly(ViolationCode.URL_HOST_NOT_ALLOWED);
    }

    @Test
    void allowsDownloadsFromPrivateHostsWhenTheOperatorDoes() {
        Pipeline lenient =
                new Pipeline(
                        TestPolicies.builder()
                                .storage(new StoragePolicy(1 << 20, List.of(), true))
                                .build());

        assertThat(
                        lenient.run(
                                        JobDocument.docker("storage-url-lenient")
                                                .set(
                                                        "/Spec/Inputs/0/URL",
                                                        "http://127.0.0.1:8080/a"))
                                .violations())
                .isEmpty();
    }

    @Test
    void refusesAnIpv4AddressWrittenInAnotherBase() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("storage-url-octal")
                                .set("/Spec/Inputs/0/URL", "http://0177.0.0.1/x"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_URL);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text/plain;base64,aGk=",
                "data:text/plain;base64,aGk==",
                "data:;base64,a",
                "data:text/plain,50%zz",
                "data:text/plain,a b"
            })
    void refusesMalformedDataUrls(String url) {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.docker("storage-data").set("/Spec/Inputs/1/URL", url));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_DATA_URL);
    }

    @Test
    void refusesInlineContentLargerThanTheLimitBeforeDecodingIt() {
        Pipeline strict =
                new Pipeline(
                        TestPolicies.builder()
                                .storage(new StoragePolicy(10, List.of(), false))
                                .build());

        Pipeline.Outcome outcome =
                strict.run(
                        JobDocument.docker("storage-inline-big")
                                .set("/Spec/Inputs/1/URL", "data:;base64," + "QUFB".repeat(4)));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INLINE_DATA_TOO_LARGE);
        assertThat(outcome.violations().get(0).message())
                .contains("12 bytes")
                .contains("at most 10");
    }

    @Test
    void refusesLocalDirectoriesUnlessTheOperatorAllowsThem() {
        String input =
                "{\"StorageSource\": \"localDirectory\", \"SourcePath\": \"/data/shared/set\","
                        + " \"Path\": \"/in\"}";
        assertThat(pipeline.run(withInput("storage-local-default", input)).codes())
                .containsExactly(ViolationCode.LOCAL_DIRECTORY_NOT_ALLOWED);
        assertThat(allowing.run(withInput("storage-local-allowed", input)).violations()).isEmpty();
        assertThat(
                        allowing.run(
                                        withInput(
                                                "storage-local-sibling",
                                                input.replace("/data/shared/set", "/data/sharedx")))
                                .codes())
                .containsExactly(ViolationCode.LOCAL_DIRECTORY_NOT_ALLOWED);
    }

    @Test
    void refusesAReadWriteLocalDirectoryEvenInsideAnAllowedOne() {
        Pipeline.Outcome outcome =
                allowing.run(
                        withInput(
                                "storage-local-rw",
                                "{\"StorageSource\": \"localDirectory\", \"SourcePath\":"
                                        + " \"/data/shared/set\", \"Path\": \"/in\","
                                        + " \"ReadWrite\": true}"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.LOCAL_DIRECTORY_READ_WRITE);
        assertThat(outcome.violations().get(0).path()).isEqualTo("$.Spec.Inputs[0].ReadWrite");
        assertThat(outcome.violations().get(0).message()).contains("read-only");
    }

    @Test
    void refusesALocalDirectorySourcePathThatEscapesWithDotDot() {
        Pipeline.Outcome outcome =
                allowing.run(
                        withInput(
                                "storage-local-escape",
                                "{\"StorageSource\": \"localDirectory\", \"SourcePath\":"
                                        + " \"/data/shared/../../etc\", \"Path\": \"/in\"}"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_STORAGE_PATH);
        assertThat(outcome.violations().get(0).path()).isEqualTo("$.Spec.Inputs[0].SourcePath");
    }

    @Test
    void reportsANullStorageSpecAsMalformed() {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.noop("storage-null").setJson("/Spec/Inputs", "[null]"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.MALFORMED_DOCUMENT);
    }
}
