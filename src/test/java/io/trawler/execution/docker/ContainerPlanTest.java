package io.trawler.execution.docker;

import static io.trawler.execution.docker.DockerTestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.FailureReason;
import io.trawler.execution.storage.JobStorage;
import io.trawler.execution.storage.JobWorkspace;
import io.trawler.execution.storage.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerPlanTest {

    @TempDir Path temp;

    private ContainerPlan plan(ExecutionRequest request, DockerSettings settings) throws Exception {
        JobStorage storage =
                new JobStorage(
                        new StorageSettings(
                                temp.resolve("work"),
                                List.of(),
                                1024,
                                false,
                                0,
                                Duration.ofSeconds(1),
                                temp.resolve("results")));
        try (JobWorkspace workspace = storage.prepare(request)) {
            return ContainerPlan.of(request, workspace, settings);
        }
    }

    private static DockerSettings withGpusAndCaps(int gpus, List<Capability> caps) {
        DockerSettings base = DockerTestJobs.settings();
        return new DockerSettings(
                base.host(),
                base.apiVersion(),
                base.pullPolicy(),
                base.pullTimeout(),
                base.stopGrace(),
                base.pidsLimit(),
                caps,
                base.tmpBytes(),
                base.logMaxBytes(),
                base.user(),
                base.connectTimeout(),
                base.allowNetworkedJobs(),
                gpus);
    }

    @Test
    void namesTheContainerForJobAndAttemptOnly() {
        assertThat(ContainerIdentity.name("job-1.a_b", 2)).isEqualTo("trawler-job-1.a_b-2");
    }

    @Test
    void keepsJobIdsApartThatDifferOnlyInCharactersNamesCannotHold() {
        String colon = ContainerIdentity.name("a:b", 1);
        String underscore = ContainerIdentity.name("a_b", 1);

        assertThat(colon).matches("trawler-a_b-[0-9a-f]{8}-1");
        assertThat(colon).isNotEqualTo(underscore);
    }

    @Test
    void labelsTheContainerWithJobAttemptWorkerAndExecution() throws Exception {
        ExecutionRequest request = job("labels").workerId("worker-7").request();

        Map<String, String> labels = plan(request, DockerTestJobs.settings()).identity().labels();

        assertThat(labels)
                .containsEntry(ContainerIdentity.JOB_ID, request.jobId())
                .containsEntry(ContainerIdentity.ATTEMPT, "1")
                .containsEntry(ContainerIdentity.WORKER_ID, "worker-7")
                .containsEntry(ContainerIdentity.EXECUTION_ID, request.executionId());
    }

    @Test
    void readsImageReferencesAsTheCliDoes() {
        assertThat(ImageReference.parse("busybox").name()).isEqualTo("busybox:latest");
        assertThat(ImageReference.parse("localhost:5000/team/app").name())
                .isEqualTo("localhost:5000/team/app:latest");
        assertThat(ImageReference.parse("localhost:5000/team/app:1.2"))
                .isEqualTo(new ImageReference("localhost:5000/team/app", "1.2", ""));
        assertThat(ImageReference.parse("app@sha256:abc").pullTag()).isEqualTo("sha256:abc");
        assertThat(ImageReference.parse("app@sha256:abc").name()).isEqualTo("app@sha256:abc");
    }

    @Test
    void givesBackOnlyTheCapabilitiesTheOperatorLists() throws Exception {
        HostConfig host =
                plan(job("caps").request(), withGpusAndCaps(0, List.of(Capability.CHOWN)))
                        .hostConfig();

        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).containsExactly(Capability.CHOWN);
    }

    @Test
    void readsCapabilityNamesWithOrWithoutTheirPrefix() {
        assertThat(DockerSettings.capability("cap_net_bind_service"))
                .isEqualTo(Capability.NET_BIND_SERVICE);
        assertThat(DockerSettings.capability("CHOWN")).isEqualTo(Capability.CHOWN);
        assertThatThrownBy(() -> DockerSettings.capability("FLY"))
                .hasMessageContaining("unknown capability: FLY");
    }

    @Test
    void requestsGpusFromTheEngineWhenTheWorkerHasThem() throws Exception {
        ExecutionRequest request = job("gpu").request();
        ExecutionRequest withGpu =
                new ExecutionRequest(
                        new io.trawler.validation.ValidatedJob(
                                request.jobId(),
                                request.job().document(),
                                request.job().engine(),
                                new io.trawler.validation.ResourceRequest(
                                        request.job().resources().cpu(),
                                        request.job().resources().memory(),
                                        java.util.Optional.empty(),
                                        1),
                                request.job().timeout()),
                        request.executionId(),
                        1,
                        "w",
                        10);

        HostConfig host = plan(withGpu, withGpusAndCaps(1, List.of())).hostConfig();

        assertThat(host.getDeviceRequests()).hasSize(1);
        assertThat(host.getDeviceRequests().get(0).getCount()).isEqualTo(1);
        assertThat(host.getDeviceRequests().get(0).getCapabilities())
                .containsExactly(List.of("gpu"));
        assertThatThrownBy(() -> plan(withGpu, DockerTestJobs.settings()))
                .isInstanceOfSatisfying(
                        JobRefusal.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.NOT_PERMITTED))
                .hasMessageContaining("this worker has none");
    }

    @Test
    void mountsInputsReadOnlyAndOutputsReadWrite() throws Exception {
        ExecutionRequest request =
                job("mounts")
                        .inputs(
                                List.of(
                                        Map.of(
                                                "StorageSource",
                                                "inline",
                                                "URL",
                                                "data:,x",
                                                "Path",
                                                "/inputs/x")))
                        .outputs(List.of(Map.of("Name", "out", "Path", "/outputs")))
                        .request();

        List<Mount> mounts = plan(request, DockerTestJobs.settings()).hostConfig().getMounts();

        assertThat(mounts).extracting(Mount::getTarget).containsExactly("/inputs/x", "/outputs");
        assertThat(mounts).extracting(Mount::getReadOnly).containsExactly(true, false);
    }

    @Test
    void refusesMountsOverTheEnginesOwnFileSystems() {
        ExecutionRequest request =
                job("proc").outputs(List.of(Map.of("Name", "out", "Path", "/proc/out"))).request();

        assertThatThrownBy(() -> plan(request, DockerTestJobs.settings()))
                .isInstanceOf(JobRefusal.class)
                .hasMessageContaining("cannot mount anything at /proc/out");
    }

    @Test
    void refusesARelativeWorkingDirectory() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        job("wd")
                                                .workingDirectory("work")
                                                .requestSkippingValidation(),
                                        DockerTestJobs.settings()))
                .isInstanceOf(JobRefusal.class)
                .hasMessageContaining("WorkingDirectory must be an absolute path");
    }

    @Test
    void refusesLessMemoryThanTheEngineCanLimit() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        job("tiny").memory("4Mi").requestSkippingValidation(),
                                        DockerTestJobs.settings()))
                .isInstanceOf(JobRefusal.class)
                .hasMessageContaining("at least 6 MiB");
    }

    @Test
    void refusesAnUnknownNetworkType() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        job("net").network("Mesh").requestSkippingValidation(),
                                        DockerTestJobs.settings()))
                .isInstanceOf(JobRefusal.class)
                .hasMessageContaining("unknown network type Mesh");
    }
}
