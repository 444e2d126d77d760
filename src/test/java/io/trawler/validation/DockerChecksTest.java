package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerChecksTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private final Pipeline pipeline = Pipeline.standard();

    private Pipeline.Outcome withImage(Pipeline pipeline, String image) {
        return pipeline.run(
                JobDocument.docker("docker-image").set("/Spec/EngineSpec/Params/Image", image));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "busybox",
                "busybox:1.35",
                "trawler-test/busybox:1.35",
                "ghcr.io/acme/tool@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "localhost:5000/a/b:latest",
                "[::1]:5000/x"
            })
    void acceptsImageReferencesOfTheDistributionGrammar(String image) {
        assertThat(withImage(pipeline, image).violations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Busybox",
                "busybox:",
                "busybox:-tag",
                "busy box",
                "ghcr.io//tool",
                "tool@sha256:abc",
                "tool@md5:0123456789abcdef0123456789abcdef",
                "-leading/dash",
                "registry:99999999/tool",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void refusesImagesThatAreNotReferences(String image) {
        Pipeline.Outcome outcome = withImage(pipeline, image);

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_IMAGE);
        assertThat(outcome.violations().get(0).path()).isEqualTo("$.Spec.EngineSpec.Params.Image");
    }

    @Test
    void refusesADockerJobWithoutImage() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("docker-no-image")
                                .remove("/Spec/EngineSpec/Params/Image"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.MISSING_ENGINE_PARAM);
    }

    @Test
    void refusesImagesOutsideTheAllowlistAndAcceptsThoseUnderIt() {
        Pipeline allowlisted =
                new Pipeline(
                        TestPolicies.builder()
                                .images(List.of("ghcr.io/acme", "docker.io/library/busybox"), false)
                                .build());

        assertThat(withImage(allowlisted, "ghcr.io/acme/tool:1").violations()).isEmpty();
        assertThat(withImage(allowlisted, "busybox:1.35").violations()).isEmpty();
        assertThat(withImage(allowlisted, "ghcr.io/acmeevil/tool:1").codes())
                .containsExactly(ViolationCode.IMAGE_NOT_ALLOWED);
        assertThat(withImage(allowlisted, "evil.example.com/ghcr.io/acme/tool").codes())
                .containsExactly(ViolationCode.IMAGE_NOT_ALLOWED);
    }

    @Test
    void refusesATaggedImageWhenDigestsAreRequired() {
        Pipeline pinned = new Pipeline(TestPolicies.builder().images(List.of(), true).build());

        assertThat(withImage(pinned, "busybox:1.35").codes())
                .containsExactly(ViolationCode.IMAGE_NOT_PINNED);
        assertThat(withImage(pinned, "busybox@" + DIGEST).violations()).isEmpty();
    }

    @Test
    void refusesTooManyArgumentsAndTooManyArgumentBytes() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            many.add("a");
        }

        assertThat(
                        pipeline.run(
                                        JobDocument.docker("docker-args")
                                                .set("/Spec/EngineSpec/Params/Parameters", many))
                                .codes())
                .containsExactly(ViolationCode.ARGUMENTS_TOO_LARGE);
        assertThat(
                        pipeline.run(
                                        JobDocument.docker("docker-arg-bytes")
                                                .set(
                                                        "/Spec/EngineSpec/Params/Parameters",
                                                        List.of(
                                                                "x".repeat(70_000),
                                                                "y".repeat(70_000))))
                                .codes())
                .containsExactly(ViolationCode.ARGUMENTS_TOO_LARGE);
    }

    @Test
    void refusesNullArgumentsAndArgumentsWithNul() {
        JobDocument document =
                JobDocument.docker("docker-arg-nul")
                        .setJson("/Spec/EngineSpec/Params/Entrypoint", "[null, \"a\\u0000b\"]");

        Pipeline.Outcome outcome = pipeline.run(document);

        assertThat(outcome.codes())
                .containsExactly(ViolationCode.INVALID_ARGUMENT, ViolationCode.INVALID_ARGUMENT);
        assertThat(outcome.violations())
                .extracting(Violation::path)
                .containsExactly(
                        "$.Spec.EngineSpec.Params.Entrypoint[0]",
                        "$.Spec.EngineSpec.Params.Entrypoint[1]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "NOEQUALS",
                "=value",
                "BAD\nNAME=x",
                "NUL\u0000NAME=x",
                "TAB\tNAME=x",
                "OK=nul\u0000value"
            })
    void refusesEnvironmentEntriesThatAreNotNameEqualsValue(String entry) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("docker-env")
                                .set(
                                        "/Spec/EngineSpec/Params/EnvironmentVariables",
                                        List.of(entry)));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_ENVIRONMENT_VARIABLE);
        assertThat(outcome.violations().get(0).path())
                .isEqualTo("$.Spec.EngineSpec.Params.EnvironmentVariables[0]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "LD_PRELOAD=/tmp/x.so",
                "ld_preload=/tmp/x.so",
                "LD_LIBRARY_PATH=/tmp",
                "LD_AUDIT=x"
            })
    void refusesDeniedEnvironmentVariablesWhateverTheirCase(String entry) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("docker-env-denied")
                                .set(
                                        "/Spec/EngineSpec/Params/EnvironmentVariables",
                                        List.of(entry)));

        assertThat(outcome.codes()).containsExactly(ViolationCode.ENVIRONMENT_VARIABLE_DENIED);
    }

    @Test
    void deniesAPrefixWhenTheDenyListEntryEndsWithAStar() {
        SpecLimits limits = SpecLimits.defaults();
        SpecLimits withPrefix =
                new SpecLimits(
                        limits.minCpu(),
                        limits.minMemory(),
                        limits.maxArguments(),
                        limits.maxArgumentBytes(),
                        limits.maxEnvironmentVariables(),
                        limits.maxEnvironmentBytes(),
                        List.of("AWS_*"));
        Pipeline pipeline = new Pipeline(TestPolicies.builder().limits(withPrefix).build());

        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("docker-env-prefix")
                                .set(
                                        "/Spec/EngineSpec/Params/EnvironmentVariables",
                                        List.of("AWS_SECRET_ACCESS_KEY=x", "LD_PRELOAD=y")));

        assertThat(outcome.codes()).containsExactly(ViolationCode.ENVIRONMENT_VARIABLE_DENIED);
    }

    @Test
    void refusesMoreEnvironmentVariablesThanTheLimit() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            entries.add("V" + i + "=x");
        }

        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("docker-env-many")
                                .set("/Spec/EngineSpec/Params/EnvironmentVariables", entries));

        assertThat(outcome.codes()).containsExactly(ViolationCode.ENVIRONMENT_TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"work", "./work", "/work\u0000/x", "/work\n"})
    void refusesAWorkingDirectoryThatIsNotAbsolute(String directory) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("docker-workdir")
                                .set("/Spec/EngineSpec/Params/WorkingDirectory", directory));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_WORKING_DIRECTORY);
    }
}
