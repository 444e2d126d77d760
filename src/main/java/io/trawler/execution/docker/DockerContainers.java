package io.trawler.execution.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.jboss.logging.Logger;

/** Removing job containers, which every path out of an execution does. */
final class DockerContainers {

    private static final Logger LOG = Logger.getLogger(DockerContainers.class);

    private DockerContainers() {}

    /** Removes a container, running or not, with its anonymous volumes; a missing one is gone. */
    static void remove(DockerClient client, String containerId, String jobId) {
        try {
            client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            LOG.debugf("container removed jobId=%s container=%s", jobId, containerId);
        } catch (NotFoundException gone) {
            LOG.debugf("container already removed jobId=%s container=%s", jobId, containerId);
        } catch (RuntimeException e) {
            // The job's outcome stands; the sweep at this worker's next start removes the
            // container.
            LOG.warnf(
                    "could not remove a container jobId=%s container=%s error=%s",
                    jobId, containerId, e);
        }
    }
}
