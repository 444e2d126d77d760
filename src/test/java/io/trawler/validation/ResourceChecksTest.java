package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceChecksTest {

    private final Pipeline pipeline = Pipeline.standard();

    @Test
    void aJobAskingForCpuAbcGetsInvalidResourceAndNoValidatedJob() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("resources-cpu-abc").set("/Spec/Resources/CPU", "abc"));

        assertThat(outcome.job()).isEmpty();
        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_RESOURCE);
        assertThat(outcome.violations().get(0).path()).isEqualTo("$.Spec.Resources.CPU");
        assertThat(outcome.violations().get(0).message()).contains("\"abc\"");
    }

    @Test
    void aJobAskingForMemory1e99GetsInvalidResourceAndNoValidatedJob() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.docker("resources-memory-1e99")
                                .set("/Spec/Resources/Memory", "1e99"));

        assertThat(outcome.job()).isEmpty();
        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_RESOURCE);
        assertThat(outcome.violations().get(0).path()).isEqualTo("$.Spec.Resources.Memory");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "1e99",
                "-1",
                "NaN",
                "",
                " ",
                "0.5.1",
                "1,5",
                "1.0001m",
                "0x10",
                "Infinity"
            })
    void refusesCpuThatIsNotCoresOrMillicores(String cpu) {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.noop("resources-cpu").set("/Spec/Resources/CPU", cpu));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_RESOURCE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"abc", "1e99", "-1", "NaN", "", "1Zi", "1.5", "12 parsecs", "1GiBB", "0"})
    void refusesMemoryThatIsNotASizeOrIsZero(String memory) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.noop("resources-memory").set("/Spec/Resources/Memory", memory));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_RESOURCE);
    }

    @ParameterizedTest
    @CsvSource({"0.5,500", "500m,500", "2,2000", "1.25,1250", "10m,10"})
    void readsCpuAsCoresOrMillicores(String cpu, long millicores) {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.noop("resources-cpu-ok").set("/Spec/Resources/CPU", cpu));

        assertThat(outcome.job().orElseThrow().resources().cpu().millicores())
                .isEqualTo(millicores);
    }

    @ParameterizedTest
    @CsvSource({
        "1Gb,1073741824",
        "512MB,536870912",
        "512Mi,536870912",
        "1G,1000000000",
        "64Mi,67108864",
        "1.5Gi,1610612736"
    })
    void readsMemoryInBacalhauAndKubernetesForms(String memory, long bytes) {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.noop("resources-mem-ok").set("/Spec/Resources/Memory", memory));

        assertThat(outcome.job().orElseThrow().resources().memory().bytes()).isEqualTo(bytes);
    }

    @Test
    void refusesMemoryBelowTheFloorAndCpuBelowTheFloor() {
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("resources-mem-floor")
                                                .set("/Spec/Resources/Memory", "4Mi"))
                                .codes())
                .containsExactly(ViolationCode.INVALID_RESOURCE);
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("resources-cpu-floor")
                                                .set("/Spec/Resources/CPU", "1m"))
                                .codes())
                .containsExactly(ViolationCode.INVALID_RESOURCE);
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("resources-cpu-zero")
                                                .set("/Spec/Resources/CPU", "0"))
                                .codes())
                .containsExactly(ViolationCode.INVALID_RESOURCE);
    }

    @Test
    void refusesMemoryAndDiskOfMoreThanAnExbibyte() {
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("resources-mem-huge")
                                                .set("/Spec/Resources/Memory", "2Ei"))
                                .codes())
                .containsExactly(ViolationCode.INVALID_RESOURCE);
        assertThat(
                        pipeline.run(
                                        JobDocument.noop("resources-disk-huge")
                                                .set("/Spec/Resources/Disk", "2048Pi"))
                                .codes())
                .containsExactly(ViolationCode.INVALID_RESOURCE);
    }

    @Test
    void refusesZeroDiskRatherThanReadingItAsNoLimit() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.noop("resources-disk-zero").set("/Spec/Resources/Disk", "0"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_RESOURCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "-1", "abc", "", "1e3", "99999"})
    void refusesGpuThatIsNotAWholeNumber(String gpu) {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.noop("resources-gpu").set("/Spec/Resources/GPU", gpu));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_RESOURCE);
    }

    @Test
    void refusesARequestLargerThanTheWorkerCouldEverGrantWithBothFigures() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.noop("resources-capacity")
                                .set("/Spec/Resources/CPU", "64")
                                .set("/Spec/Resources/GPU", "1"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.RESOURCE_EXCEEDS_CAPACITY);
        assertThat(outcome.violations().get(0).message())
                .contains("64 cores")
                .contains("1 GPUs")
                .contains("4 cores")
                .contains("8 GiB");
    }

    @Test
    void givesTheDefaultsWhenResourcesAreAbsent() {
        ValidatedJob job = pipeline.run(JobDocument.noop("resources-defaults")).job().orElseThrow();

        assertThat(job.resources().cpu().millicores()).isEqualTo(100);
        assertThat(job.resources().memory().bytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(job.resources().disk()).isEmpty();
        assertThat(job.resources().gpus()).isZero();
    }

    @Test
    void refusesAHugeExponentNumberAsCpuWithoutWritingItOut() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        JobDocument.noop("resources-exponent")
                                .setJson("/Spec/Resources/CPU", "1e999999999"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_RESOURCE);
    }

    @Test
    void readsANumberWhereAStringIsExpectedAsItsText() {
        Pipeline.Outcome outcome =
                pipeline.run(JobDocument.noop("resources-number").set("/Spec/Resources/CPU", 2));

        assertThat(outcome.job().orElseThrow().resources().cpu().millicores()).isEqualTo(2000);
    }
}
