package io.trawler.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the job history. A worker whose status-topic reader has failed for good cannot tell
 * ended jobs from new ones, and intake waits for the history before it admits a job, so such a
 * worker must not be counted as one that takes work. The number of jobs the history knows is
 * reported as {@code jobs}.
 *
 * <p>Limitation: the reader is not restarted and this check is not part of liveness, so a worker
 * whose history failed stays unready until it is restarted; operators see a pod that is running but
 * never ready, with "job history cannot be read any more" in its log.
 */
@Readiness
@ApplicationScoped
public class JobHistoryHealthCheck implements HealthCheck {

    /** The check's name on {@code /q/health/ready}. */
    public static final String NAME = "job-history";

    private final JobHistory history;

    JobHistoryHealthCheck(JobHistory history) {
        this.history = history;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .status(history.reading())
                .withData("jobs", history.size())
                .build();
    }
}
