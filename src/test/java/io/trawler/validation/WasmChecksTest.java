package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WasmChecksTest {

    private final Pipeline pipeline = Pipeline.standard();

    @Test
    void refusesAWasmJobWithoutEntryModule() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.wasm("wasm-no-module")
                                .remove("/Spec/EngineSpec/Params/EntryModule"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.MISSING_ENGINE_PARAM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "ipfs", "repoClone", "repoCloneLFS"})
    void refusesAnEntryModuleFromASourceThisWorkerCannotFetch(String source) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.wasm("wasm-module-source")
                                .set("/Spec/EngineSpec/Params/EntryModule/StorageSource", source));

        assertThat(outcome.codes()).containsExactly(ViolationCode.STORAGE_SOURCE_UNSUPPORTED);
        assertThat(outcome.violations().get(0).path())
                .isEqualTo("$.Spec.EngineSpec.Params.EntryModule.StorageSource");
    }

    @Test
    void acceptsAnEntryModuleDownloadedOverHttps() {
        JobDocument document =
                JobDocument.wasm("wasm-module-url")
                        .setJson(
                                "/Spec/EngineSpec/Params/EntryModule",
                                "{\"StorageSource\": \"urlDownload\", \"URL\":"
                                        + " \"https://modules.example.org/hello.wasm\"}");

        assertThat(pipeline.run(document).violations()).isEmpty();
    }

    @Test
    void refusesAnEntryModuleWithABrokenDataUrl() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.wasm("wasm-module-data")
                                .set(
                                        "/Spec/EngineSpec/Params/EntryModule/URL",
                                        "data:application/wasm;base64,AG$$"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_DATA_URL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "_start", "hello_world", "run.v2", "add-one", "ünïcode"})
    void acceptsReadableExportNamesAsEntryPoint(String entryPoint) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.wasm("wasm-entry-ok")
                                .set("/Spec/EngineSpec/Params/EntryPoint", entryPoint));

        assertThat(outcome.violations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", "tab\there", "nul\u0000", "line\n"})
    void refusesEntryPointsWithWhiteSpaceOrControlCharacters(String entryPoint) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.wasm("wasm-entry")
                                .set("/Spec/EngineSpec/Params/EntryPoint", entryPoint));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_ENTRY_POINT);
    }

    @Test
    void refusesAnEntryPointLongerThan255Bytes() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.wasm("wasm-entry-long")
                                .set("/Spec/EngineSpec/Params/EntryPoint", "é".repeat(128)));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_ENTRY_POINT);
    }

    @Test
    void refusesEnvironmentNamesWithEqualsAndDeniedNamesInTheWasmMap() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.wasm("wasm-env")
                                .set(
                                        "/Spec/EngineSpec/Params/EnvironmentVariables",
                                        Map.of("A=B", "x"))
                                .set(
                                        "/Spec/EngineSpec/Params/EnvironmentVariables/LD_PRELOAD",
                                        "y"));

        assertThat(outcome.codes())
                .containsExactlyInAnyOrder(
                        ViolationCode.INVALID_ENVIRONMENT_VARIABLE,
                        ViolationCode.ENVIRONMENT_VARIABLE_DENIED);
    }

    @Test
    void checksEveryImportModuleAsAStorageSpec() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.wasm("wasm-imports")
                                .setJson(
                                        "/Spec/EngineSpec/Params/ImportModules",
                                        "[{\"StorageSource\": \"urlDownload\", \"URL\":"
                                                + " \"ftp://x.example.com/m.wasm\"}, null]"));

        assertThat(outcome.codes())
                .containsExactly(ViolationCode.INVALID_URL, ViolationCode.MALFORMED_DOCUMENT);
        assertThat(outcome.violations())
                .extracting(Violation::path)
                .containsExactly(
                        "$.Spec.EngineSpec.Params.ImportModules[0].URL",
                        "$.Spec.EngineSpec.Params.ImportModules[1]");
    }
}
