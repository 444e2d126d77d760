package io.trawler.execution.wasm;

import static io.trawler.execution.wasm.TestModules.inline;
import static io.trawler.execution.wasm.WasmJobs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.trawler.config.TrawlerConfig;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.JobScheduler;
import io.trawler.execution.RunListener;
import io.trawler.execution.ScheduledRun;
import io.trawler.execution.StopReason;
import io.trawler.job.ByteSize;
import io.trawler.job.WasmEngineSpec;
import io.trawler.validation.ValidatedJob;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The executor as the application wires it: its settings from configuration, Chicory's run-time
 * compiler loading generated classes under Quarkus' class loaders, and the scheduler's timeout.
 */
@QuarkusTest
@TestProfile(IsolatedWasmProfile.class)
class WasmExecutorQuarkusTest {

    @Inject WasmExecutor executor;
    @Inject JobScheduler scheduler;

    @Test
    void compilesModulesToJvmBytecodeLoadedBelowTheApplicationsClassLoader() throws Exception {
        PreparedModule prepared =
                new ModuleCache(TrawlerConfig.Wasm.Runtime.COMPILER, 1)
                        .prepare(TestModules.bytes("adder"), "adder");

        Instance instance =
                Instance.builder(prepared.module())
                        .withMachineFactory(prepared.machineFactory())
                        .build();

        Class<?> machine = instance.getMachine().getClass();
        assertThat(machine).isNotEqualTo(InterpreterMachine.class);
        // Chicory defines the generated classes in a loader of its own below the one that loaded
        // Chicory itself, which under Quarkus is one of Quarkus' class loaders.
        assertThat(machine.getClassLoader().getParent()).isSameAs(Instance.class.getClassLoader());
        assertThat(Instance.class.getClassLoader().getClass().getSimpleName())
                .isEqualTo("QuarkusClassLoader");
        assertThat(instance.export("add").apply(40, 2)[0]).isEqualTo(42L);
    }

    @Test
    void runsCompiledModulesUnderQuarkus() throws Exception {
        ScheduledRun run = submit(spec(inline("compute")), Duration.ofMinutes(1));

        ExecutionOutcome outcome = run.outcome().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Succeeded.class);
        assertThat(outcome.result().stdout().text()).hasSize(1);
    }

    @Test
    void endsAnEndlessLoopWhenTheJobsTimeoutPasses() throws Exception {
        ScheduledRun run = submit(spec(inline("loop")), Duration.ofSeconds(1));

        ExecutionOutcome outcome = run.outcome().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(ExecutionOutcome.Stopped.class);
        assertThat(((ExecutionOutcome.Stopped) outcome).reason()).isEqualTo(StopReason.TIMEOUT);
        assertThat(run.running()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(WasmJobs.runThreadAlive(run.jobId())).isFalse();
    }

    private ScheduledRun submit(WasmEngineSpec spec, Duration timeout) {
        ExecutionRequest base = WasmJobs.request(spec, ByteSize.ofMebibytes(64));
        ValidatedJob job =
                new ValidatedJob(
                        base.jobId(), base.job().document(), spec, base.job().resources(), timeout);
        ExecutionRequest request =
                new ExecutionRequest(job, base.executionId(), 1, "test", base.outputCap());
        ScheduledRun run = new ScheduledRun(request, new TopicPartition("jobs", 0), Instant.now());
        scheduler.submit(
                run,
                new RunListener() {
                    @Override
                    public void started(ScheduledRun started) {}

                    @Override
                    public void finished(ScheduledRun finished, ExecutionOutcome outcome) {}
                });
        return run;
    }
}
