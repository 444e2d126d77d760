package io.trawler.execution.storage;

import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.ExecutionResult;
import io.trawler.execution.ExecutorException;
import io.trawler.execution.FailureReason;
import io.trawler.execution.PublishedOutput;
import io.trawler.job.StorageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The host side of one execution's storage: its staged inputs, one fresh directory per output, and
 * the publishing of those outputs once the job ended. Made by {@link JobStorage#prepare}; closing
 * it deletes everything it holds except what was published. Used by one execution's thread at a
 * time.
 */
public final class JobWorkspace implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobWorkspace.class);

    private final ExecutionRequest request;
    private final Path root;
    private final PublisherType publisher;
    private final Path localPublisherRoot;
    private final InputStager stager;
    private final List<StagedInput> inputs = new ArrayList<>();
    private final List<OutputDirectory> outputs = new ArrayList<>();
    private int extras;
    private boolean rootCreated;
    private boolean published;
    private boolean closed;

    JobWorkspace(
            ExecutionRequest request,
            Path root,
            PublisherType publisher,
            Path localPublisherRoot,
            InputStager stager) {
        this.request = request;
        this.root = root;
        this.publisher = publisher;
        this.localPublisherRoot = localPublisherRoot;
        this.stager = stager;
    }

    /** The job's inputs, in the order of its spec, ready on the host. */
    public List<StagedInput> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    /** One empty directory per output of the job's spec, in its order. */
    public List<OutputDirectory> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /**
     * The execution's own directory on the host; everything in it goes when this closes. It exists
     * when the job has inputs or outputs, or once an extra was staged; otherwise not at all.
     */
    public Path root() {
        return root;
    }

    /**
     * Makes the execution's directory, if it is not made yet.
     *
     * @throws ExecutorException when the directory already exists or the host cannot make it
     */
    void createRoot() {
        if (rootCreated) {
            return;
        }
        if (Files.exists(root)) {
            throw new ExecutorException(
                    FailureReason.EXECUTOR_ERROR,
                    "the workspace " + root + " already exists; execution IDs must be unique");
        }
        // Set first, so that closing removes a directory that was made only in part.
        rootCreated = true;
        HostFiles.directory(root.getParent(), HostFiles.READABLE_DIRECTORY);
        HostFiles.directory(root, HostFiles.PRIVATE);
    }

    /**
     * Stages one more storage spec that is not among the job's inputs, such as a WebAssembly
     * module, by the same rules. Its job path is the spec's {@code Path} when that is valid, else
     * empty. It is not added to {@link #inputs()}.
     *
     * @throws StorageException when it cannot be staged
     */
    public StagedInput stageExtra(String name, StorageSpec spec) throws StorageException {
        createRoot();
        String jobPath = JobPaths.isValidJobPath(spec.path()) ? spec.path() : "";
        Path dir = root.resolve("extra").resolve(Integer.toString(extras++));
        return stager.stage(spec, name, dir, jobPath);
    }

    /**
     * Publishes every output by the job's publisher and reports what each held. The {@code local}
     * publisher moves each output to {@code <local-directory>/<jobId>/<executionId>/<name>} and
     * reports a {@code file:} URI; {@code noop} keeps nothing and reports an empty location. Call
     * it at most once, after the job ended.
     *
     * @throws StorageException with {@code PUBLISH_FAILED} when an output cannot be measured or
     *     moved; outputs published before it stay published
     */
    public List<PublishedOutput> publish() throws StorageException {
        if (published || closed) {
            throw new IllegalStateException("the workspace was already published or closed");
        }
        published = true;
        List<PublishedOutput> result = new ArrayList<>();
        for (OutputDirectory output : outputs) {
            result.add(publishOne(output));
        }
        return result;
    }

    /**
     * Publishes the outputs of a job that ran to its end, successful or not, and returns its
     * outcome with what was published. A job that succeeded but whose outputs cannot be published
     * fails with the publisher's reason; a job that had failed by itself keeps its own failure,
     * which is the one its owner needs to see, and the publishing fault is logged.
     */
    public ExecutionOutcome publishAfter(ExecutionOutcome ran) {
        List<PublishedOutput> kept;
        try {
            kept = publish();
        } catch (StorageException e) {
            if (ran instanceof ExecutionOutcome.Succeeded) {
                return new ExecutionOutcome.Failed(e.reason(), e.getMessage(), ran.result());
            }
            LOG.warnf(
                    "could not publish the outputs of a failed job jobId=%s error=%s",
                    request.jobId(), e.getMessage());
            return ran;
        }
        ExecutionResult result = ran.result().withOutputs(kept);
        if (ran instanceof ExecutionOutcome.Failed failed) {
            return new ExecutionOutcome.Failed(failed.reason(), failed.message(), result);
        }
        return new ExecutionOutcome.Succeeded(result);
    }

    private PublishedOutput publishOne(OutputDirectory output) throws StorageException {
        DirectoryTree.Size size;
        try {
            size = DirectoryTree.measure(output.hostPath());
        } catch (IOException e) {
            throw StorageException.publish(
                    "output " + output.name() + " could not be measured: " + e, e);
        }
        String location = publisher == PublisherType.LOCAL ? moveToLocal(output) : "";
        LOG.debugf(
                "output published jobId=%s name=%s publisher=%s bytes=%d files=%d location=%s",
                request.jobId(),
                output.name(),
                publisher.wireName(),
                size.bytes(),
                size.files(),
                location);
        return new PublishedOutput(
                output.name(), output.jobPath(), size.bytes(), size.files(), location);
    }

    private String moveToLocal(OutputDirectory output) throws StorageException {
        if (request.jobId().contains("/") || request.jobId().startsWith(".")) {
            throw StorageException.publish(
                    "job ID " + request.jobId() + " cannot name a directory");
        }
        Path target =
                localPublisherRoot
                        .resolve(request.jobId())
                        .resolve(request.executionId())
                        .resolve(output.name());
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                throw StorageException.publish(
                        "output " + output.name() + " was already published at " + target);
            }
            DirectoryTree.move(output.hostPath(), target);
        } catch (IOException e) {
            throw StorageException.publish(
                    "output " + output.name() + " could not be moved to " + target + ": " + e, e);
        }
        return target.toUri().toString();
    }

    /** Deletes the execution's directory and all in it; published outputs are elsewhere. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!rootCreated) {
            return;
        }
        try {
            DirectoryTree.delete(root);
        } catch (IOException e) {
            // The job's outcome does not depend on this; the operator sees what was left behind.
            LOG.warnf(
                    "could not delete a workspace jobId=%s path=%s error=%s",
                    request.jobId(), root, e);
        }
    }

    void addInput(StagedInput input) {
        inputs.add(input);
    }

    void addOutput(OutputDirectory output) {
        outputs.add(output);
    }
}
