package io.trawler.execution.docker;

import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.StopReason;

/** An execution that ended before its container ran: its outcome is known when it is made. */
final class EndedExecution implements Execution {

    private final ExecutionOutcome outcome;

    EndedExecution(ExecutionOutcome outcome) {
        this.outcome = outcome;
    }

    @Override
    public ExecutionOutcome awaitOutcome() {
        return outcome;
    }

    @Override
    public void stop(StopReason reason) {
        // Nothing runs any more; a stop after the end changes nothing.
    }
}
