package io.trawler.validation;

import io.trawler.job.EngineParams;
import io.trawler.job.EngineType;
import io.trawler.job.Job;
import java.time.Duration;
import java.util.Objects;

/**
 * A job that passed validation, with every value the executors need already typed and checked.
 *
 * @param jobId the ID the job is known by on the status topic
 * @param document the document as the producer sent it, for fields not typed here
 * @param engine the typed engine parameters; their type says which executor runs the job
 * @param resources what the job is given to run
 * @param timeout how long the job may run before it is stopped
 */
public record ValidatedJob(
        String jobId,
        Job document,
        EngineParams engine,
        ResourceRequest resources,
        Duration timeout) {

    public ValidatedJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(timeout, "timeout");
    }

    public EngineType engineType() {
        return engine.engineType();
    }

    /** The client that submitted the job, or an empty string. */
    public String clientId() {
        return document.metadata() == null || document.metadata().clientId() == null
                ? ""
                : document.metadata().clientId();
    }
}
