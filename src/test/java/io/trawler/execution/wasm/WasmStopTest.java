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
import java.util.Map;
import java.util.Optional;
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

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void runsTheNextJobOnTheThreadAStoppedJobLeftWithItsInterruptCleared(Runtime runtime)
            throws Exception {
        WasmExecutor executor = new WasmExecutor(settings(runtime), WasmJobs.storage(), 1);
        ExecutionRequest looping = request(spec(inline("loop")));
        Execution stopped = executor.start(looping);
        Thread thread = awaitGuestCodeRunning(looping.jobId());
        stopped.stop(StopReason.CANCEL);
        assertThat(outcome(stopped)).isInstanceOf(ExecutionOutcome.Stopped.class);

        ExecutionOutcome next = outcome(executor.start(request(spec(inline("hello")))));

        assertThat(next).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertThat(executor.threads().threadsStarted()).isEqualTo(1);
        assertThat(thread.getName()).startsWith("trawler-wasm-idle-");
        // Back in the pool, the thread waits for work instead of spinning.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> thread.getState() == Thread.State.TIMED_WAITING);
        executor.close();
    }

    @ParameterizedTest
    @EnumSource(Runtime.class)
    void neverLetsALateStopOfAnEndedJobReachTheNextJobOnItsThread(Runtime runtime)
            throws Exception {
        WasmExecutor executor = new WasmExecutor(settings(runtime), WasmJobs.storage(), 1);
        Execution ended = executor.start(request(spec(inline("hello"))));
        assertThat(outcome(ended)).isInstanceOf(ExecutionOutcome.Succeeded.class);
        ExecutionRequest next = request(spec(inline("loop")));
        Execution running = executor.start(next);
        awaitGuestCodeRunning(next.jobId());

        ended.stop(StopReason.CANCEL);

        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(10))
                .until(() -> guestCodeThread(next.jobId()).isPresent());
        running.stop(StopReason.TIMEOUT);
        ExecutionOutcome outcome = outcome(running);
        assertThat(outcome)
                .isEqualTo(new ExecutionOutcome.Stopped(StopReason.TIMEOUT, outcome.result()));
        assertThat(executor.threads().threadsStarted()).isEqualTo(1);
        executor.close();
    }

    /**
     * Waits until the run's thread is inside the module's entry point, not still preparing, and
     * returns that thread.
     */
    private static Thread awaitGuestCodeRunning(String jobId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> guestCodeThread(jobId), Optional::isPresent)
                .orElseThrow();
    }

    /** The thread named for the job, while it runs the module's entry point. */
    private static Optional<Thread> guestCodeThread(String jobId) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("trawler-wasm-" + jobId))
                .filter(
                        e ->
                                Arrays.stream(e.getValue())
                                        .anyMatch(frame -> frame.getMethodName().equals("execute")))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
