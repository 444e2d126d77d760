package io.trawler.execution.noop;

import io.trawler.execution.CapturedOutput;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.ExecutionResult;
import io.trawler.execution.Executor;
import io.trawler.execution.StopSignal;
import io.trawler.job.EngineType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs nothing and succeeds at once with exit code 0. It exercises the whole path from the jobs
 * topic to the status topic without an engine, which is what smoke tests and benchmarks need.
 */
@ApplicationScoped
public class NoopExecutor implements Executor {

    @Override
    public EngineType engineType() {
        return EngineType.NOOP;
    }

    @Override
    public ExecutionOutcome run(ExecutionRequest request, StopSignal stopSignal) {
        ExecutionResult result =
                ExecutionResult.exited(0, CapturedOutput.EMPTY, CapturedOutput.EMPTY);
        return stopSignal
                .reason()
                .<ExecutionOutcome>map(reason -> new ExecutionOutcome.Stopped(reason, result))
                .orElseGet(() -> new ExecutionOutcome.Succeeded(result));
    }
}
