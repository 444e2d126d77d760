package io.trawler.execution.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.quarkus.runtime.StartupEvent;
import io.trawler.config.EnabledEngines;
import io.trawler.config.TrawlerConfig;
import io.trawler.config.WorkerIdentity;
import io.trawler.execution.DaemonThreads;
import io.trawler.execution.Execution;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.ExecutionResult;
import io.trawler.execution.Executor;
import io.trawler.execution.ExecutorException;
import io.trawler.execution.FailureReason;
import io.trawler.execution.StopReason;
import io.trawler.execution.storage.JobStorage;
import io.trawler.execution.storage.JobWorkspace;
import io.trawler.execution.storage.StorageException;
import io.trawler.job.EngineType;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs docker jobs as containers of the Docker engine, isolated by default (see {@link
 * ContainerPlan}), with the job's inputs mounted read-only and its outputs read-write.
 *
 * <p>{@link #start} stages the job's storage, makes its image present, creates the container under
 * the attempt's deterministic name, attaches to its output and starts it. From then on the
 * execution owns the container; see {@link DockerExecution}.
 */
@ApplicationScoped
public class DockerExecutor implements Executor {

    private static final Logger LOG = Logger.getLogger(DockerExecutor.class);

    /** How long the engine may take to accept an attach before the container starts. */
    private static final long ATTACH_TIMEOUT_SECONDS = 30;

    private final DockerEngine engine;
    private final DockerClient client;
    private final JobStorage storage;
    private final DockerSettings settings;
    private final String workerId;
    private final boolean enabled;
    private final ImagePuller images;
    private final ScheduledExecutorService signals;
    private final AtomicBoolean swept = new AtomicBoolean();

    @Inject
    DockerExecutor(
            DockerEngine engine,
            JobStorage storage,
            TrawlerConfig config,
            WorkerIdentity identity) {
        this(
                engine,
                storage,
                DockerSettings.from(config),
                identity.workerId(),
                EnabledEngines.of(config).contains(EngineType.DOCKER));
    }

    /** An enabled executor, for use outside a container of beans. */
    public DockerExecutor(
            DockerEngine engine, JobStorage storage, DockerSettings settings, String workerId) {
        this(engine, storage, settings, workerId, true);
    }

    private DockerExecutor(
            DockerEngine engine,
            JobStorage storage,
            DockerSettings settings,
            String workerId,
            boolean enabled) {
        this.engine = engine;
        this.client = engine.client();
        this.storage = storage;
        this.settings = settings;
        this.workerId = workerId;
        this.enabled = enabled;
        this.images = new ImagePuller(client, settings.pullPolicy(), settings.pullTimeout());
        this.signals =
                Executors.newScheduledThreadPool(1, DaemonThreads.named("trawler-docker-signal-"));
    }

    @Override
    public EngineType engineType() {
        return EngineType.DOCKER;
    }

    void onStart(@Observes StartupEvent startup) {
        if (!enabled) {
            return;
        }
        LOG.infof(
                "docker executor ready host=%s pullPolicy=%s stopGraceMillis=%d workerId=%s",
                engine.host(), settings.pullPolicy(), settings.stopGrace().toMillis(), workerId);
        sweepBeforeFirstJob();
    }

    @Override
    public Execution start(ExecutionRequest request) {
        sweepBeforeFirstJob();
        JobWorkspace workspace;
        try {
            workspace = storage.prepare(request);
        } catch (StorageException e) {
            return failed(e.reason(), e.getMessage(), ExecutionResult.EMPTY);
        }

        try {
            DockerExecution execution = launch(request, workspace);
            execution.watch();
            return execution;
        } catch (JobRefusal e) {
            workspace.close();
            LOG.debugf("job refused jobId=%s reason=%s", request.jobId(), e.reason());
            return failed(e.reason(), e.getMessage(), e.result());
        } catch (InterruptedException e) {
            workspace.close();
            Thread.currentThread().interrupt();
            return new EndedExecution(
                    new ExecutionOutcome.Stopped(StopReason.INTERRUPT, ExecutionResult.EMPTY));
        } catch (RuntimeException e) {
            workspace.close();
            throw asExecutorFault(e);
        }
    }

    private DockerExecution launch(ExecutionRequest request, JobWorkspace workspace)
            throws JobRefusal, InterruptedException {
        ContainerPlan plan = ContainerPlan.of(request, workspace, settings);
        images.beforeCreate(plan.image());
        String containerId = createPullingIfMissing(plan, request);
        OutputCapture output = null;
        try {
            output = attach(containerId, request.outputCap());
            startContainer(containerId, output);
            LOG.debugf(
                    "container started jobId=%s container=%s name=%s",
                    request.jobId(), containerId, plan.identity().name());
            return new DockerExecution(
                    client, request, workspace, containerId, output, settings.stopGrace(), signals);
        } catch (JobRefusal | RuntimeException e) {
            closeQuietly(output);
            DockerContainers.remove(client, containerId, request.jobId());
            throw e;
        }
    }

    private String createPullingIfMissing(ContainerPlan plan, ExecutionRequest request)
            throws JobRefusal, InterruptedException {
        try {
            return create(plan, request);
        } catch (NotFoundException missingImage) {
            // Creating a container answers "not found" only for its image.
            images.whenMissing(plan.image());
            return create(plan, request);
        }
    }

    private String create(ContainerPlan plan, ExecutionRequest request) {
        CreateContainerCmd create =
                client.createContainerCmd(plan.image().name())
                        .withName(plan.identity().name())
                        .withLabels(plan.identity().labels())
                        .withHostConfig(plan.hostConfig())
                        .withAttachStdin(false)
                        .withAttachStdout(true)
                        .withAttachStderr(true)
                        .withTty(false)
                        .withStdinOpen(false)
                        .withStopSignal("SIGTERM");
        // An empty list would clear what the image sets; only what the job gives replaces it.
        if (!plan.entrypoint().isEmpty()) {
            create.withEntrypoint(plan.entrypoint());
        }
        if (!plan.cmd().isEmpty()) {
            create.withCmd(plan.cmd());
        }
        if (!plan.env().isEmpty()) {
            create.withEnv(plan.env());
        }
        if (!plan.workingDir().isEmpty()) {
            create.withWorkingDir(plan.workingDir());
        }
        settings.user().ifPresent(create::withUser);
        try {
            return create.exec().getId();
        } catch (ConflictException e) {
            // Never remove or reuse it: it belongs to whoever started this attempt first.
            throw new ExecutorException(
                    FailureReason.EXECUTOR_ERROR,
                    "a container named "
                            + plan.identity().name()
                            + " already exists: attempt "
                            + request.attempt()
                            + " of job "
                            + request.jobId()
                            + " was already started on this engine, and is not started twice",
                    e);
        }
    }

    private OutputCapture attach(String containerId, int cap) throws InterruptedException {
        OutputCapture output =
                client.attachContainerCmd(containerId)
                        .withStdOut(true)
                        .withStdErr(true)
                        .withFollowStream(true)
                        .exec(new OutputCapture(cap));
        if (!output.awaitStarted(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            closeQuietly(output);
            throw new ExecutorException(
                    FailureReason.EXECUTOR_ERROR,
                    "the engine did not accept an attach to container " + containerId);
        }
        return output;
    }

    /**
     * Starts the container. The engine refuses to start one whose command cannot be run, and
     * records exit code 127 (not found) or 126 (not executable) as a shell would: that is the job's
     * failure, not the worker's.
     */
    private void startContainer(String containerId, OutputCapture output) throws JobRefusal {
        try {
            client.startContainerCmd(containerId).exec();
        } catch (DockerException e) {
            InspectContainerResponse.ContainerState state =
                    client.inspectContainerCmd(containerId).exec().getState();
            Long exitCode = state.getExitCodeLong();
            if (exitCode == null || (exitCode != 126 && exitCode != 127)) {
                throw e;
            }
            throw new JobRefusal(
                    FailureReason.NON_ZERO_EXIT,
                    "the container could not start its command: " + state.getError(),
                    e,
                    ExecutionResult.exited(exitCode.intValue(), output.stdout(), output.stderr()));
        }
    }

    /**
     * Removes every container labelled as this worker's: what an earlier run of it left behind when
     * it crashed. Called at start-up, before this run starts any container of its own.
     *
     * @return the names of the containers removed
     */
    public List<String> sweepOrphans() {
        List<Container> orphans =
                client.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(ContainerIdentity.WORKER_ID, workerId))
                        .exec();
        List<String> removed = new ArrayList<>();
        for (Container orphan : orphans) {
            Map<String, String> labels = orphan.getLabels();
            String name = orphan.getNames().length > 0 ? orphan.getNames()[0] : orphan.getId();
            LOG.warnf(
                    "removing a container left behind by an earlier run container=%s name=%s"
                            + " jobId=%s attempt=%s state=%s",
                    orphan.getId(),
                    name,
                    labels.get(ContainerIdentity.JOB_ID),
                    labels.get(ContainerIdentity.ATTEMPT),
                    orphan.getState());
            DockerContainers.remove(client, orphan.getId(), labels.get(ContainerIdentity.JOB_ID));
            removed.add(name.startsWith("/") ? name.substring(1) : name);
        }
        return removed;
    }

    /**
     * Sweeps once per run of the worker: at start-up, or before the first job when the engine could
     * not be reached at start-up.
     */
    private void sweepBeforeFirstJob() {
        if (swept.get()) {
            return;
        }
        synchronized (swept) {
            if (swept.get()) {
                return;
            }
            try {
                sweepOrphans();
                swept.set(true);
            } catch (RuntimeException e) {
                // A job started now fails on the same engine fault, with a clear reason.
                LOG.warnf(
                        "could not sweep containers left behind host=%s error=%s",
                        engine.host(), e);
            }
        }
    }

    private ExecutorException asExecutorFault(RuntimeException e) {
        if (e instanceof ExecutorException fault) {
            return fault;
        }
        if (DockerEngine.isUnreachable(e)) {
            return new ExecutorException(
                    FailureReason.ENGINE_UNAVAILABLE,
                    "the Docker engine at " + engine.host() + " cannot be reached: " + rootCause(e),
                    e);
        }
        return new ExecutorException(
                FailureReason.EXECUTOR_ERROR,
                "the Docker engine refused a request: " + e.getMessage(),
                e);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private static Execution failed(FailureReason reason, String message, ExecutionResult result) {
        return new EndedExecution(new ExecutionOutcome.Failed(reason, message, result));
    }

    private static void closeQuietly(OutputCapture output) {
        if (output == null) {
            return;
        }
        try {
            output.close();
        } catch (IOException e) {
            // Nothing was captured that anyone will read; the stream ends with its container.
            LOG.debugf("could not close an attach stream error=%s", e);
        }
    }

    @PreDestroy
    void close() {
        signals.shutdownNow();
    }
}
