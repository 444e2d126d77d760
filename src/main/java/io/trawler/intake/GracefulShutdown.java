package io.trawler.intake;

import io.quarkus.runtime.ShutdownEvent;
import io.trawler.config.TrawlerConfig;
import io.trawler.lifecycle.JobLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Ends the worker's jobs in order when it is told to stop (SIGTERM): intake admits nothing more,
 * queued jobs are interrupted at once, running jobs get the configured grace to finish, and those
 * still running after it are stopped and published as Interrupted. Their records stay uncommitted,
 * so another replica (or this one, restarted) runs them again with the attempt number raised.
 *
 * <p>This runs on Quarkus' shutdown event, before the messaging connectors close, so the status
 * producer is still there for the last events and the consumer commits what finished.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    private static final String WHY = "the worker shut down before the job ended";

    private final AssignedPartitions partitions;
    private final JobLifecycle lifecycle;
    private final Duration grace;
    private final Duration publishTimeout;

    GracefulShutdown(AssignedPartitions partitions, JobLifecycle lifecycle, TrawlerConfig config) {
        this.partitions = partitions;
        this.lifecycle = lifecycle;
        this.grace = config.execution().shutdownGrace();
        this.publishTimeout = config.execution().revocationTimeout();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        partitions.close();
        int held = lifecycle.held();
        LOG.infof("shutting down, intake stopped heldJobs=%d grace=%s", held, grace);
        if (held == 0) {
            return;
        }

        await(lifecycle.interrupt(run -> !run.started(), WHY), publishTimeout);
        boolean finished = await(lifecycle.allSettled(), grace);

        if (!finished) {
            LOG.infof("grace over, interrupting running jobs count=%d", lifecycle.held());
            await(lifecycle.interrupt(run -> true, WHY), publishTimeout);
        }
        LOG.infof("jobs settled for shutdown unsettled=%d", lifecycle.held());
    }

    private static boolean await(CompletionStage<Void> stage, Duration timeout) {
        try {
            stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            LOG.warnf(e.getCause(), "settling jobs for shutdown failed");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
