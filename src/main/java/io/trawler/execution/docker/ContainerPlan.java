package io.trawler.execution.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.FailureReason;
import io.trawler.execution.storage.JobWorkspace;
import io.trawler.execution.storage.OutputDirectory;
import io.trawler.execution.storage.StagedInput;
import io.trawler.job.DockerEngineSpec;
import io.trawler.job.NetworkConfig;
import io.trawler.validation.ResourceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the engine is told to create one job's container: the job's own command and
 * environment, and the isolation this worker imposes on every job.
 *
 * <p>Isolation: CPU and memory limited to what the job was given, no swap, a limit on processes, no
 * new privileges, every capability dropped except the operator's list, a read-only root file system
 * with a size-capped tmpfs on {@code /tmp}, a capped container log, and no network unless the job
 * asks for one and the operator allows it.
 */
record ContainerPlan(
        ImageReference image,
        ContainerIdentity identity,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        HostConfig hostConfig) {

    /** Docker refuses less than a hundredth of a CPU. */
    static final long MIN_MILLICORES = 10;

    /** Docker refuses a memory limit under 6 MiB. */
    static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;

    private static final List<String> ENGINE_PATHS = List.of("/proc", "/sys", "/dev");

    static ContainerPlan of(
            ExecutionRequest request, JobWorkspace workspace, DockerSettings settings)
            throws JobRefusal {
        DockerEngineSpec spec = (DockerEngineSpec) request.job().engine();
        String workingDir = spec.workingDirectory() == null ? "" : spec.workingDirectory();
        if (!workingDir.isEmpty() && !workingDir.startsWith("/")) {
            throw refused("WorkingDirectory must be an absolute path, got " + workingDir);
        }
        HostConfig hostConfig =
                isolation(request.job().resources(), settings)
                        .withNetworkMode(networkMode(request, settings))
                        .withMounts(mounts(workspace))
                        .withDeviceRequests(gpus(request.job().resources(), settings));
        return new ContainerPlan(
                ImageReference.parse(spec.image()),
                ContainerIdentity.of(request),
                spec.entrypoint(),
                spec.parameters(),
                spec.environmentVariables(),
                workingDir,
                hostConfig);
    }

    private static HostConfig isolation(ResourceRequest resources, DockerSettings settings)
            throws JobRefusal {
        long millicores = resources.cpu().millicores();
        long memory = resources.memory().bytes();
        if (millicores < MIN_MILLICORES) {
            throw refused(
                    "the docker executor needs at least 10m CPU, the job has " + millicores + "m");
        }
        if (memory < MIN_MEMORY_BYTES) {
            throw refused(
                    "the docker executor needs at least 6 MiB of memory, the job has "
                            + resources.memory());
        }
        return HostConfig.newHostConfig()
                .withNanoCPUs(millicores * 1_000_000L)
                .withMemory(memory)
                .withMemorySwap(memory)
                .withPidsLimit(settings.pidsLimit())
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withCapAdd(settings.capAdd().toArray(Capability[]::new))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=" + settings.tmpBytes()))
                .withLogConfig(
                        new LogConfig(
                                LogConfig.LoggingType.JSON_FILE,
                                Map.of(
                                        "max-size",
                                        Long.toString(settings.logMaxBytes()),
                                        "max-file",
                                        "1")));
    }

    private static String networkMode(ExecutionRequest request, DockerSettings settings)
            throws JobRefusal {
        NetworkConfig network = request.job().document().spec().network();
        String type = network == null || network.type() == null ? "" : network.type().trim();
        switch (type.toLowerCase(Locale.ROOT)) {
            case "", "none":
                return "none";
            case "full":
                if (!settings.allowNetworkedJobs()) {
                    throw refused(
                            "the job asks for Full network access, which this worker does not"
                                    + " allow (trawler.validation.allow-networked-jobs)");
                }
                return "bridge";
            case "http":
                throw refused(
                        "the job asks for HTTP network access to a list of domains, which the"
                                + " docker executor cannot enforce; use Full or None");
            default:
                throw refused("unknown network type " + type + "; use None, Full or HTTP");
        }
    }

    private static List<Mount> mounts(JobWorkspace workspace) throws JobRefusal {
        List<Mount> mounts = new ArrayList<>();
        for (StagedInput input : workspace.inputs()) {
            mounts.add(bind(input.hostPath().toString(), input.jobPath(), true));
        }
        for (OutputDirectory output : workspace.outputs()) {
            mounts.add(bind(output.hostPath().toString(), output.jobPath(), false));
        }
        return mounts;
    }

    private static Mount bind(String source, String target, boolean readOnly) throws JobRefusal {
        for (String enginePath : ENGINE_PATHS) {
            if (target.equals(enginePath) || target.startsWith(enginePath + "/")) {
                throw refused("a job cannot mount anything at " + target);
            }
        }
        return new Mount()
                .withType(MountType.BIND)
                .withSource(source)
                .withTarget(target)
                .withReadOnly(readOnly);
    }

    private static List<DeviceRequest> gpus(ResourceRequest resources, DockerSettings settings)
            throws JobRefusal {
        if (resources.gpus() == 0) {
            return List.of();
        }
        if (settings.gpus() == 0) {
            throw refused("the job asks for " + resources.gpus() + " GPUs; this worker has none");
        }
        return List.of(
                new DeviceRequest()
                        .withCount(resources.gpus())
                        .withCapabilities(List.of(List.of("gpu"))));
    }

    private static JobRefusal refused(String message) {
        return new JobRefusal(FailureReason.NOT_PERMITTED, message);
    }
}
