package io.trawler.execution.wasm;

import static io.trawler.execution.wasm.TestModules.inline;
import static io.trawler.execution.wasm.WasmJobs.outcome;
import static io.trawler.execution.wasm.WasmJobs.request;
import static io.trawler.execution.wasm.WasmJobs.settings;
import static io.trawler.execution.wasm.WasmJobs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.trawler.config.TrawlerConfig.Wasm.Runtime;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.FailureReason;
import io.trawler.job.ByteSize;
import io.trawler.job.StorageSpec;
import io.trawler.job.WasmEngineSpec;
import io.trawler.validation.ValidatedJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WasmExecutorTest {

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void printsHelloOnStdoutAndSucceedsWithExitCodeZero(Runtime runtime) throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));

        ExecutionOutcome outcome = outcome(executor.start(request(spec(inline("hello")))));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertThat(outcome.result().exitCode()).hasValue(0);
        assertThat(outcome.result().stdout().text()).isEqualTo("hello from wasm\n");
        assertThat(outcome.result().stdout().truncated()).isFalse();
        assertThat(outcome.result().stderr().text()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void givesParametersAsArgvAndEnvironmentVariablesAsEnviron(Runtime runtime) throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));
        WasmEngineSpec spec =
                new WasmEngineSpec(
                        inline("echo"),
                        null,
                        List.of("first", "second arg"),
                        Map.of("ZETA", "last", "ALPHA", "a=b"),
                        List.of());

        ExecutionOutcome outcome = outcome(executor.start(request(spec)));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertThat(outcome.result().stdout().text()).isEqualTo("echo.wasm\nfirst\nsecond arg\n");
        assertThat(outcome.result().stderr().text()).isEqualTo("ALPHA=a=b\nZETA=last\n");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void reportsTheCodeGivenToProcExitAsANonZeroExit(Runtime runtime) throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));

        ExecutionOutcome outcome = outcome(executor.start(request(spec(inline("exit3")))));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Failed.class);
        ExecutionOutcome.Failed failed = (ExecutionOutcome.Failed) outcome;
        assertThat(failed.reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(failed.result().exitCode()).hasValue(3);
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void failsWithTrapAndTheTrapsMessageWhenTheModuleDividesByZero(Runtime runtime)
            throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));

        ExecutionOutcome outcome = outcome(executor.start(request(spec(inline("trap")))));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Failed.class);
        ExecutionOutcome.Failed failed = (ExecutionOutcome.Failed) outcome;
        assertThat(failed.reason()).isEqualTo(FailureReason.TRAP);
        assertThat(failed.message()).containsIgnoringCase("divide by zero");
        assertThat(failed.result().exitCode()).isEmpty();
    }

    @Test
    void refusesAModuleImportingFunctionsNoHostProvidesAndNamesThem() throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(Runtime.COMPILER));

        ExecutionOutcome outcome =
                outcome(executor.start(request(spec(inline("unknown-imports")))));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Failed.class);
        ExecutionOutcome.Failed failed = (ExecutionOutcome.Failed) outcome;
        assertThat(failed.reason()).isEqualTo(FailureReason.UNSUPPORTED_IMPORTS);
        assertThat(failed.message())
                .contains("env.launch_missiles", "wasi_snapshot_preview1.sock_open")
                .doesNotContain("fd_write");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void linksTheEntryModuleToImportModulesByTheirName(Runtime runtime) throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));
        StorageSpec adder =
                TestModules.storage(
                        "inline", "adder", TestModules.dataUrl(TestModules.bytes("adder")), null);
        WasmEngineSpec spec =
                new WasmEngineSpec(inline("uses-adder"), null, List.of(), Map.of(), List.of(adder));

        ExecutionOutcome outcome = outcome(executor.start(request(spec)));

        assertThat(outcome.result().exitCode()).hasValue(42);
    }

    @Test
    void runsTheEntryPointTheJobNames() throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(Runtime.COMPILER));
        WasmEngineSpec spec =
                new WasmEngineSpec(inline("adder"), "add", List.of(), Map.of(), List.of());
        WasmEngineSpec missing =
                new WasmEngineSpec(inline("hello"), "main", List.of(), Map.of(), List.of());

        ExecutionOutcome takesParameters = outcome(executor.start(request(spec)));
        ExecutionOutcome notExported = outcome(executor.start(request(missing)));

        assertThat(((ExecutionOutcome.Failed) takesParameters).message())
                .contains("'add' takes parameters");
        assertThat(((ExecutionOutcome.Failed) notExported).message())
                .contains("exports no function named 'main'");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void failsWithOutOfMemoryWhenTheModuleGrowsPastTheOperatorsCap(Runtime runtime)
            throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime, 16));

        ExecutionOutcome outcome = outcome(executor.start(request(spec(inline("grow")))));

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Failed.class);
        ExecutionOutcome.Failed failed = (ExecutionOutcome.Failed) outcome;
        assertThat(failed.reason()).isEqualTo(FailureReason.OUT_OF_MEMORY);
        assertThat(failed.message()).contains("17 memory pages", "cap of 16 pages (1 MiB)");
    }

    @Test
    void capsMemoryAtWhatTheJobWasGivenWhenThatIsLessThanTheOperatorsCap() throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(Runtime.COMPILER));
        ExecutionRequest request = request(spec(inline("grow")), ByteSize.ofMebibytes(2));

        ExecutionOutcome outcome = outcome(executor.start(request));

        assertThat(((ExecutionOutcome.Failed) outcome).reason())
                .isEqualTo(FailureReason.OUT_OF_MEMORY);
        assertThat(((ExecutionOutcome.Failed) outcome).message()).contains("cap of 32 pages");
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void answersGrowthPastTheModulesOwnMaximumWithMinusOneAsTheSpecificationSays(Runtime runtime)
            throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));

        ExecutionOutcome outcome = outcome(executor.start(request(spec(inline("grow-bounded")))));

        assertThat(outcome.result().exitCode()).hasValue(12);
    }

    @Test
    void keepsOnlyTheHeadOfStdoutAndSaysItWasCut() throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(Runtime.COMPILER));
        ExecutionRequest full = request(spec(inline("hello")));
        ValidatedJob job = full.job();
        ExecutionRequest capped =
                new ExecutionRequest(job, full.executionId(), 1, full.workerId(), 5);

        ExecutionOutcome outcome = outcome(executor.start(capped));

        assertThat(outcome.result().stdout().text()).isEqualTo("hello");
        assertThat(outcome.result().stdout().truncated()).isTrue();
        assertThat(outcome.result().stdout().totalBytes()).isEqualTo(16);
    }

    @Test
    void preparesAModuleOnceHoweverManyJobsRunIt() throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(Runtime.COMPILER));

        for (int i = 0; i < 3; i++) {
            assertThat(outcome(executor.start(request(spec(inline("hello"))))))
                    .isInstanceOf(ExecutionOutcome.Succeeded.class);
        }
        outcome(executor.start(request(spec(inline("exit3")))));

        assertThat(executor.modulePreparations()).isEqualTo(2);
    }

    @Test
    void preparesAgainOnlyAModuleTheBoundedCacheDropped() throws Exception {
        WasmExecutor holdsOne = WasmJobs.executor(cacheOf(1));
        WasmExecutor holdsTwo = WasmJobs.executor(cacheOf(2));

        for (String module : List.of("hello", "exit3", "hello")) {
            outcome(holdsOne.start(request(spec(inline(module)))));
            outcome(holdsTwo.start(request(spec(inline(module)))));
        }

        assertThat(holdsOne.modulePreparations()).isEqualTo(3);
        assertThat(holdsTwo.modulePreparations()).isEqualTo(2);
    }

    private static WasmSettings cacheOf(int modules) {
        return new WasmSettings(
                1024, Runtime.COMPILER, modules, 1024 * 1024, Duration.ofSeconds(5));
    }
}
