package io.trawler.execution.noop;

import io.trawler.execution.CapturedOutput;
import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.ExecutionResult;
import io.trawler.execution.Executor;
import io.trawler.execution.StopReason;
import io.trawler.job.EngineType;
import jakarta.inject.Singleton;

/**
 * Runs nothing and succeeds at once with exit code 0. It exercises the whole path from the jobs
 * topic to the status topic without an engine, which is what smoke tests and benchmarks need.
 */
@Singleton
public class NoopExecutor implements Executor {

    private static final ExecutionOutcome SUCCEEDED =
            new ExecutionOutcome.Succeeded(
                    ExecutionResult.exited(0, CapturedOutput.EMPTY, CapturedOutput.EMPTY));

    @Override
    public EngineType engineType() {
        return EngineType.NOOP;
    }

    @Override
    public boolean endsAtOnce() {
        return true;
    }

    @Override
    public Execution start(ExecutionRequest request) {
        return new Execution() {
            @Override
            public ExecutionOutcome awaitOutcome() {
                return SUCCEEDED;
            }

            @Override
            public void stop(StopReason reason) {
                // Nothing runs, so there is nothing to stop: the execution has already ended.
            }
        };
    }
}
