package io.trawler.execution.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.trawler.config.TrawlerConfig.Docker.PullPolicy;
import io.trawler.execution.FailureReason;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes a job's image present on the engine by the operator's pull policy.
 *
 * <p>Limitation: pulls are anonymous. An image in a registry that needs credentials cannot be
 * pulled, and its jobs fail with {@code IMAGE_UNAVAILABLE} unless the image is already present.
 */
final class ImagePuller {

    private static final Logger LOG = Logger.getLogger(ImagePuller.class);

    private final DockerClient client;
    private final PullPolicy policy;
    private final Duration timeout;

    ImagePuller(DockerClient client, PullPolicy policy, Duration timeout) {
        this.client = client;
        this.policy = policy;
        this.timeout = timeout;
    }

    /**
     * Returns once the image is present.
     *
     * @throws JobRefusal with {@code IMAGE_UNAVAILABLE} when it is not present and cannot be pulled
     * @throws InterruptedException when the thread is interrupted during a pull
     */
    void ensurePresent(ImageReference image) throws JobRefusal, InterruptedException {
        if (policy == PullPolicy.ALWAYS || !isPresent(image)) {
            if (policy == PullPolicy.NEVER) {
                throw unavailable(
                        "image "
                                + image
                                + " is not present and this worker never pulls images"
                                + " (trawler.docker.pull-policy)",
                        null);
            }
            pull(image);
        }
    }

    private boolean isPresent(ImageReference image) {
        try {
            client.inspectImageCmd(image.name()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void pull(ImageReference image) throws JobRefusal, InterruptedException {
        LOG.debugf("pulling image image=%s", image);
        PullImageResultCallback callback =
                client.pullImageCmd(image.repository())
                        .withTag(image.pullTag())
                        .exec(new PullImageResultCallback());
        try {
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw unavailable(
                        "pulling image " + image + " took longer than " + timeout.toSeconds() + "s",
                        null);
            }
        } catch (DockerException | DockerClientException e) {
            throw unavailable("image " + image + " could not be pulled: " + firstLine(e), e);
        } finally {
            closeQuietly(callback);
        }
        LOG.debugf("image pulled image=%s", image);
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void closeQuietly(PullImageResultCallback callback) {
        try {
            callback.close();
        } catch (java.io.IOException e) {
            // The pull is over either way; an unclosable stream only holds a connection a bit
            // longer.
            LOG.debugf("could not close a pull stream error=%s", e);
        }
    }

    private static JobRefusal unavailable(String message, Throwable cause) {
        return new JobRefusal(FailureReason.IMAGE_UNAVAILABLE, message, cause);
    }
}
