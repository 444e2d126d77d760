package io.trawler.execution;

import java.util.List;
import java.util.OptionalInt;

/**
 * What an execution left behind, whatever its outcome.
 *
 * @param exitCode the process's exit code, when it exited by itself
 * @param stdout the head of its standard output
 * @param stderr the head of its standard error
 * @param outputs the outputs that were published
 */
public record ExecutionResult(
        OptionalInt exitCode,
        CapturedOutput stdout,
        CapturedOutput stderr,
        List<PublishedOutput> outputs) {

    public static final ExecutionResult EMPTY =
            new ExecutionResult(
                    OptionalInt.empty(), CapturedOutput.EMPTY, CapturedOutput.EMPTY, List.of());

    public ExecutionResult {
        outputs = List.copyOf(outputs);
    }

    public static ExecutionResult exited(
            int exitCode, CapturedOutput stdout, CapturedOutput stderr) {
        return new ExecutionResult(OptionalInt.of(exitCode), stdout, stderr, List.of());
    }

    public ExecutionResult withOutputs(List<PublishedOutput> published) {
        return new ExecutionResult(exitCode, stdout, stderr, published);
    }
}
