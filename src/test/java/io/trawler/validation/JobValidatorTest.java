package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawler.job.DockerEngineSpec;
import io.trawler.job.EngineType;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobValidatorTest {

    private final Pipeline pipeline = Pipeline.standard();

    @Test
    void acceptsTheTypicalDockerJobWithEveryValueTyped() {
        Pipeline.Outcome outcome = pipeline.run(JobDocument.docker("validator-typical"));

        assertThat(outcome.violations()).isEmpty();
        ValidatedJob job = outcome.job().orElseThrow();
        assertThat(job.engine()).isInstanceOf(DockerEngineSpec.class);
        assertThat(job.resources().cpu().millicores()).isEqualTo(500);
        assertThat(job.resources().memory().bytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(job.resources().disk())
                .hasValueSatisfying(d -> assertThat(d.bytes()).isEqualTo(1L << 30));
        assertThat(job.timeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void acceptsTheTypicalWasmAndNoopJobs() {
        assertThat(pipeline.run(JobDocument.wasm("validator-wasm")).violations()).isEmpty();
        assertThat(pipeline.run(JobDocument.noop("validator-noop")).violations()).isEmpty();
    }

    @Test
    void reportsEveryViolationOfADocumentAtOnceInDocumentOrder() {
        JobDocument document =
                JobDocument.docker("validator-many")
                        .set("/APIVersion", "V2")
                        .set("/Spec/EngineSpec/Params/Image", "UPPER/Case")
                        .set("/Spec/Resources/CPU", "abc")
                        .set("/Spec/Timeout", -5)
                        .set("/Spec/Deal/Concurrency", 3);

        Pipeline.Outcome outcome = pipeline.run(document);

        assertThat(outcome.job()).isEmpty();
        assertThat(outcome.codes())
                .containsExactly(
                        ViolationCode.UNSUPPORTED_API_VERSION,
                        ViolationCode.INVALID_IMAGE,
                        ViolationCode.INVALID_RESOURCE,
                        ViolationCode.INVALID_TIMEOUT,
                        ViolationCode.INVALID_DEAL);
        assertThat(outcome.violations())
                .extracting(Violation::path)
                .containsExactly(
                        "$.APIVersion",
                        "$.Spec.EngineSpec.Params.Image",
                        "$.Spec.Resources.CPU",
                        "$.Spec.Timeout",
                        "$.Spec.Deal.Concurrency");
    }

    @Test
    void readsTheApiVersionCaseInsensitively() {
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-api-lower")
                                                .set("/APIVersion", "v1beta2"))
                                .violations())
                .isEmpty();
    }

    @Test
    void rejectsAMissingApiVersion() {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.noop("validator-api-missing").remove("/APIVersion"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.UNSUPPORTED_API_VERSION);
    }

    @Test
    void rejectsJobIdsWithPathCharactersOrOver128Characters() {
        assertThat(pipeline.run(JobDocument.noop("../../etc/passwd")).codes())
                .containsExactly(ViolationCode.INVALID_JOB_ID);
        assertThat(pipeline.run(JobDocument.noop("a".repeat(129))).codes())
                .containsExactly(ViolationCode.INVALID_JOB_ID);
        assertThat(pipeline.run(JobDocument.noop("a".repeat(128))).violations()).isEmpty();
    }

    @Test
    void rejectsADocumentWithoutSpec() {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.noop("validator-no-spec").remove("/Spec"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.MISSING_SPEC);
    }

    @Test
    void rejectsAnUnknownEngineAndADisabledOne() {
        Pipeline wasmOff =
                new Pipeline(
                        TestPolicies.builder()
                                .engines(EnumSet.of(EngineType.DOCKER, EngineType.NOOP))
                                .build());

        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-engine")
                                                .set("/Spec/EngineSpec/Type", "python"))
                                .codes())
                .containsExactly(ViolationCode.UNKNOWN_ENGINE);
        assertThat(wasmOff.run(JobDocument.wasm("validator-engine-off")).codes())
                .containsExactly(ViolationCode.ENGINE_DISABLED);
    }

    @Test
    void readsTheDeprecatedEngineFormAsTheSameJob() {
        JobDocument document =
                JobDocument.noop("validator-legacy")
                        .remove("/Spec/EngineSpec")
                        .set("/Spec/Engine", "Docker")
                        .set("/Spec/Docker/Image", "busybox:1.35");

        Pipeline.Outcome outcome = pipeline.run(document);

        assertThat(outcome.job().orElseThrow().engineType()).isEqualTo(EngineType.DOCKER);
    }

    @Test
    void reportsAnEngineParameterOfTheWrongTypeAtItsPath() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("validator-param-type")
                                .set("/Spec/EngineSpec/Params/Entrypoint", "sh"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_ENGINE_PARAM);
        assertThat(outcome.violations().get(0).path())
                .isEqualTo("$.Spec.EngineSpec.Params.Entrypoint");
    }

    @Test
    void takesTheDefaultTimeoutForZeroOrNone() {
        assertThat(
                        pipeline.run(JobDocument.noop("validator-timeout-none"))
                                .job()
                                .orElseThrow()
                                .timeout())
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-timeout-zero")
                                                .set("/Spec/Timeout", 0))
                                .job()
                                .orElseThrow()
                                .timeout())
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void keepsAFractionalTimeoutToTheMillisecond() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.noop("validator-timeout-ms").setJson("/Spec/Timeout", "1.5"));

        assertThat(outcome.job().orElseThrow().timeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejectsANegativeTimeoutOneUnderAMillisecondAndOneOverTheMaximum() {
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-timeout-neg")
                                                .set("/Spec/Timeout", -1))
                                .codes())
                .containsExactly(ViolationCode.INVALID_TIMEOUT);
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-timeout-tiny")
                                                .setJson("/Spec/Timeout", "0.0001"))
                                .codes())
                .containsExactly(ViolationCode.INVALID_TIMEOUT);
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-timeout-max")
                                                .set("/Spec/Timeout", 86_401))
                                .codes())
                .containsExactly(ViolationCode.INVALID_TIMEOUT);
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-timeout-edge")
                                                .set("/Spec/Timeout", 86_400))
                                .violations())
                .isEmpty();
    }

    @Test
    void rejectsAnExponentTimeoutWithoutExpandingIt() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.noop("validator-timeout-exp")
                                .setJson("/Spec/Timeout", "1e999999999"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_TIMEOUT);
    }

    @Test
    void rejectsADealForMoreThanOneRunOrWithNegativeNumbers() {
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-deal-2")
                                                .set("/Spec/Deal/Concurrency", 2))
                                .codes())
                .containsExactly(ViolationCode.INVALID_DEAL);
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-deal-neg")
                                                .set("/Spec/Deal/MinBids", -1))
                                .codes())
                .containsExactly(ViolationCode.INVALID_DEAL);
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-deal-conf")
                                                .set("/Spec/Deal/Confidence", 2))
                                .codes())
                .containsExactly(ViolationCode.INVALID_DEAL);
    }

    @Test
    void readsTargetingModeAsBacalhauWritesItAndRefusesAll() {
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-target-any")
                                                .set("/Spec/Deal/TargetingMode", false))
                                .violations())
                .isEmpty();
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-target-any2")
                                                .set("/Spec/Deal/TargetingMode", "any"))
                                .violations())
                .isEmpty();
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-target-all")
                                                .set("/Spec/Deal/TargetingMode", true))
                                .codes())
                .containsExactly(ViolationCode.INVALID_DEAL);
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("validator-target-odd")
                                                .set("/Spec/Deal/TargetingMode", "some"))
                                .codes())
                .containsExactly(ViolationCode.INVALID_DEAL);
    }

    @Test
    void treatsANullJobAsMalformedRatherThanThrowing() {
        ValidationResult result =
                new JobValidator(TestPolicies.standard()).validate("validator-null", null);

        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
    }

    @Test
    void quotesValuesInMessagesWithoutControlCharacters() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.noop("validator-quote")
                                .set("/Spec/EngineSpec/Type", "bad\nengine\u0000"));

        assertThat(outcome.violations().get(0).message())
                .contains("\"bad?engine?\"")
                .doesNotContain("\n");
    }
}
