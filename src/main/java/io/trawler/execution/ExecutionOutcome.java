package io.trawler.execution;

import java.util.Objects;

/** How an execution ended. A job's failure is one of these, never an exception. */
public sealed interface ExecutionOutcome {

    /** What the execution left behind. */
    ExecutionResult result();

    /** The job ran to its end and exited with code 0. */
    record Succeeded(ExecutionResult result) implements ExecutionOutcome {

        public Succeeded {
            Objects.requireNonNull(result, "result");
        }
    }

    /** The job ended without success; {@code message} says what happened in words. */
    record Failed(FailureReason reason, String message, ExecutionResult result)
            implements ExecutionOutcome {

        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(result, "result");
        }
    }

    /** The worker stopped the job before it ended by itself. */
    record Stopped(StopReason reason, ExecutionResult result) implements ExecutionOutcome {

        public Stopped {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(result, "result");
        }
    }

    /** Succeeded for exit code 0, Failed with {@link FailureReason#NON_ZERO_EXIT} otherwise. */
    static ExecutionOutcome ofExit(ExecutionResult result) {
        int exitCode = result.exitCode().orElseThrow();
        if (exitCode == 0) {
            return new Succeeded(result);
        }
        return new Failed(
                FailureReason.NON_ZERO_EXIT, "the job exited with code " + exitCode, result);
    }
}
