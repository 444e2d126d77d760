package io.trawler.execution.storage;

import io.trawler.config.TrawlerConfig;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.ExecutorException;
import io.trawler.job.Spec;
import io.trawler.job.StorageSpec;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prepares the inputs and outputs of executions on this worker's host. Any executor that runs a job
 * against host paths (a container's mounts, a WebAssembly module's preopened directories) uses it
 * the same way:
 *
 * <pre>{@code
 * try (JobWorkspace workspace = storage.prepare(request)) {
 *     // make workspace.inputs() readable and workspace.outputs() writable, run the job
 *     List<PublishedOutput> published = workspace.publish();
 * }
 * }</pre>
 *
 * <p>Thread-safe: each execution gets a workspace of its own.
 *
 * <p>Limitation: what a job writes belongs to the user it ran as. A worker that runs as an
 * unprivileged user cannot always move or delete files that a job running as root wrote into
 * subdirectories of its outputs; publishing then fails with {@code PUBLISH_FAILED}, and cleaning up
 * leaves them behind with a warning. Running jobs as the worker's own user ({@code
 * trawler.docker.user}) avoids it.
 */
@Singleton
public final class JobStorage {

    private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

    private final StorageSettings settings;
    private final InputStager stager;

    @Inject
    JobStorage(TrawlerConfig config) {
        this(StorageSettings.from(config));
    }

    public JobStorage(StorageSettings settings) {
        this.settings = settings;
        this.stager = new InputStager(settings);
    }

    public StorageSettings settings() {
        return settings;
    }

    /**
     * Stages the job's inputs and creates one empty directory per output, under a directory of the
     * execution's own in the work root. A job without inputs or outputs gets no directory: nothing
     * on the host is made or deleted for it.
     *
     * @throws StorageException when an input cannot be staged, or an output or the publisher cannot
     *     be used; nothing is left on the host then
     * @throws ExecutorException when the host cannot hold the workspace
     */
    public JobWorkspace prepare(ExecutionRequest request) throws StorageException {
        Spec spec = request.job().document().spec();
        PublisherType publisher = PublisherType.of(spec.publisherSpec());
        checkDistinctJobPaths(spec);
        JobWorkspace workspace =
                new JobWorkspace(
                        request,
                        rootFor(request.executionId()),
                        publisher,
                        settings.localPublisherRoot(),
                        stager);
        try {
            if (!spec.inputs().isEmpty() || !spec.outputs().isEmpty()) {
                workspace.createRoot();
            }
            stageInputs(spec.inputs(), workspace);
            createOutputs(spec.outputs(), workspace);
            return workspace;
        } catch (StorageException | RuntimeException e) {
            workspace.close();
            throw e;
        }
    }

    private static void checkDistinctJobPaths(Spec spec) throws StorageException {
        Set<String> seen = new HashSet<>();
        for (StorageSpec storage :
                Stream.concat(spec.inputs().stream(), spec.outputs().stream()).toList()) {
            if (storage.path() != null && !seen.add(storage.path())) {
                throw StorageException.input(
                        "two inputs or outputs use the path " + storage.path());
            }
        }
    }

    private Path rootFor(String executionId) {
        if (!SAFE_ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("unsafe execution ID " + executionId);
        }
        return settings.workRoot().resolve(executionId);
    }

    private void stageInputs(List<StorageSpec> inputs, JobWorkspace workspace)
            throws StorageException {
        for (int index = 0; index < inputs.size(); index++) {
            StorageSpec spec = inputs.get(index);
            String name = isSet(spec.name()) ? spec.name() : "input-" + index;
            if (!JobPaths.isValidJobPath(spec.path())) {
                throw StorageException.input(
                        "input "
                                + name
                                + " needs an absolute, normalised Path such as /inputs/data, got "
                                + spec.path());
            }
            Path dir = workspace.root().resolve("inputs").resolve(Integer.toString(index));
            workspace.addInput(stager.stage(spec, name, dir, spec.path()));
        }
    }

    private static void createOutputs(List<StorageSpec> outputs, JobWorkspace workspace)
            throws StorageException {
        Set<String> names = new HashSet<>();
        for (StorageSpec spec : outputs) {
            if (!JobPaths.isValidJobPath(spec.path())) {
                throw StorageException.publish(
                        "output "
                                + (isSet(spec.name()) ? spec.name() : "(unnamed)")
                                + " needs an absolute, normalised Path such as /outputs, got "
                                + spec.path());
            }
            String name = isSet(spec.name()) ? spec.name() : JobPaths.lastSegment(spec.path());
            if (!JobPaths.isValidName(name)) {
                throw StorageException.publish(
                        "output name "
                                + name
                                + " must be letters, digits and . _ -, starting with a letter or"
                                + " digit");
            }
            if (!names.add(name)) {
                throw StorageException.publish("two outputs are named " + name);
            }
            Path dir = workspace.root().resolve("outputs").resolve(name);
            HostFiles.directory(dir.getParent(), HostFiles.READABLE_DIRECTORY);
            workspace.addOutput(
                    new OutputDirectory(
                            name,
                            HostFiles.directory(dir, HostFiles.WRITABLE_DIRECTORY),
                            spec.path()));
        }
    }

    private static boolean isSet(String text) {
        return text != null && !text.isBlank();
    }
}
