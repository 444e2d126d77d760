package io.trawler.execution.wasm;

import io.trawler.execution.ExecutorException;
import io.trawler.execution.FailureReason;
import io.trawler.execution.storage.JobWorkspace;
import io.trawler.execution.storage.OutputDirectory;
import io.trawler.execution.storage.StagedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a job's workspace into WASI preopened directories: every input read-only at its path, in
 * the order of the spec, then every output writable at its path.
 *
 * <p>WASI can only preopen directories. An input that is a single file is linked (or copied, across
 * file systems) into a directory of the workspace's own, which is preopened at the file's parent
 * path; inputs whose files share a parent path share that directory. Nothing else of the host
 * directory a file came from becomes visible.
 */
final class Preopens {

    private Preopens() {}

    static List<Preopen> of(JobWorkspace workspace) {
        List<Preopen> preopens = new ArrayList<>();
        Map<String, Path> fileDirectories = new LinkedHashMap<>();
        for (StagedInput input : workspace.inputs()) {
            if (Files.isDirectory(input.hostPath())) {
                preopens.add(new Preopen(input.jobPath(), input.hostPath(), false));
                continue;
            }
            String parent = parentOf(input.jobPath());
            Path directory = fileDirectories.get(parent);
            if (directory == null) {
                directory = createDirectory(workspace, fileDirectories.size());
                fileDirectories.put(parent, directory);
                preopens.add(new Preopen(parent, directory, false));
            }
            place(input, directory.resolve(lastSegment(input.jobPath())));
        }
        for (OutputDirectory output : workspace.outputs()) {
            preopens.add(new Preopen(output.jobPath(), output.hostPath(), true));
        }
        return preopens;
    }

    private static Path createDirectory(JobWorkspace workspace, int index) {
        Path directory = workspace.root().resolve("wasm-files").resolve(Integer.toString(index));
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ExecutorException(
                    FailureReason.EXECUTOR_ERROR, "could not create " + directory, e);
        }
    }

    private static void place(StagedInput input, Path target) {
        try {
            Files.createLink(target, input.hostPath());
        } catch (IOException | UnsupportedOperationException notLinkable) {
            copy(input, target);
        }
    }

    private static void copy(StagedInput input, Path target) {
        try {
            Files.copy(input.hostPath(), target);
        } catch (IOException e) {
            throw new ExecutorException(
                    FailureReason.EXECUTOR_ERROR,
                    "could not place input " + input.name() + " at " + target,
                    e);
        }
    }

    private static String parentOf(String jobPath) {
        int slash = jobPath.lastIndexOf('/');
        return slash <= 0 ? "/" : jobPath.substring(0, slash);
    }

    private static String lastSegment(String jobPath) {
        return jobPath.substring(jobPath.lastIndexOf('/') + 1);
    }
}
