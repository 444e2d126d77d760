package io.trawler.execution.wasm;

import static io.trawler.execution.wasm.TestModules.inline;
import static io.trawler.execution.wasm.WasmJobs.outcome;
import static io.trawler.execution.wasm.WasmJobs.request;
import static io.trawler.execution.wasm.WasmJobs.runThreadAlive;
import static io.trawler.execution.wasm.WasmJobs.settings;
import static io.trawler.execution.wasm.WasmJobs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trawler.config.TrawlerConfig.Wasm.Runtime;
import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.StopReason;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WasmStopTest {

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void endsAnEndlessLoopOnTimeoutAndLeavesNoThreadBehind(Runtime runtime) throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));
        ExecutionRequest request = request(spec(inline("loop")));
        Execution execution = executor.start(request);
        awaitGuestCodeRunning(request.jobId());

        execution.stop(StopReason.TIMEOUT);
        ExecutionOutcome outcome = outcome(execution);

        assertThat(outcome)
                .isEqualTo(new ExecutionOutcome.Stopped(StopReason.TIMEOUT, outcome.result()));
        assertThat(runThreadAlive(request.jobId())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void cancelsARunningModuleAndKeepsTheFirstReasonGiven(Runtime runtime) throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));
        ExecutionRequest request = request(spec(inline("loop")));
        Execution execution = executor.start(request);
        awaitGuestCodeRunning(request.jobId());

        execution.stop(StopReason.CANCEL);
        execution.stop(StopReason.TIMEOUT);
        ExecutionOutcome outcome = outcome(execution);

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Stopped.class);
        assertThat(((ExecutionOutcome.Stopped) outcome).reason()).isEqualTo(StopReason.CANCEL);
        assertThat(runThreadAlive(request.jobId())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void stopsARunAskedToStopBeforeItsModuleStarted(Runtime runtime) throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));
        ExecutionRequest request = request(spec(inline("loop")));

        Execution execution = executor.start(request);
        execution.stop(StopReason.INTERRUPT);
        ExecutionOutcome outcome = outcome(execution);

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Stopped.class);
        assertThat(((ExecutionOutcome.Stopped) outcome).reason()).isEqualTo(StopReason.INTERRUPT);
        assertThat(runThreadAlive(request.jobId())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void ignoresAStopAfterTheRunEnded(Runtime runtime) throws Exception {
        WasmExecutor executor = WasmJobs.executor(settings(runtime));
        Execution execution = executor.start(request(spec(inline("hello"))));
        ExecutionOutcome ended = outcome(execution);

        execution.stop(StopReason.CANCEL);

        assertThat(ended).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertThat(outcome(execution)).isEqualTo(ended);
    }

    /** Waits until the run's thread is inside the module's entry point, not still preparing. */
    private static void awaitGuestCodeRunning(String jobId) {
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                Thread.getAllStackTraces().entrySet().stream()
                                        .filter(
                                                e ->
                                                        e.getKey()
                                                                .getName()
                                                                .equals("trawler-wasm-" + jobId))
                                        .anyMatch(
                                                e ->
                                                        Arrays.stream(e.getValue())
                                                                .anyMatch(
                                                                        frame ->
                                                                                frame.getMethodName()
                                                                                        .equals(
                                                                                                "execute"))));
    }
}
