package io.trawler.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trawler.validation.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One step of a job's life, as published on the status topic keyed by job ID.
 *
 * @param jobId the job
 * @param state the state the job entered
 * @param attempt which run of the job this is, from 1
 * @param executionId unique to this attempt
 * @param workerId the worker that published the event
 * @param time when the job entered the state
 * @param engine the job's engine type, null when the document named none we know
 * @param clientId the client that submitted the job, null when it named none
 * @param reason why the job is in this state, for every state but Accepted, Running and Completed
 * @param violations everything validation found wrong, for Rejected
 * @param result what the execution left behind, for every terminal state and Interrupted; a job
 *     refused before it ran has an empty one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(
        @JsonProperty("jobId") String jobId,
        @JsonProperty("state") String state,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("executionId") String executionId,
        @JsonProperty("workerId") String workerId,
        @JsonProperty("time") Instant time,
        @JsonProperty("engine") @JsonInclude(JsonInclude.Include.ALWAYS) String engine,
        @JsonProperty("clientId") @JsonInclude(JsonInclude.Include.ALWAYS) String clientId,
        @JsonProperty("reason") Reason reason,
        @JsonProperty("violations") List<Violation> violations,
        @JsonProperty("result") Result result) {

    public JobEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(time, "time");
    }

    /** The state as an enum. */
    public JobState jobState() {
        return JobState.fromWireName(state).orElseThrow();
    }

    /**
     * Why a job is in its state.
     *
     * @param code a stable code, for example {@code NON_ZERO_EXIT} or {@code INVALID_RESOURCE}
     * @param message what happened, in words
     * @param retryable whether submitting the same job again may succeed
     */
    public record Reason(
            @JsonProperty("code") String code,
            @JsonProperty("message") String message,
            @JsonProperty("retryable") boolean retryable) {}

    /**
     * What a run left behind.
     *
     * @param exitCode the exit code, absent when the job was stopped or never started
     * @param stdout the head of stdout
     * @param stdoutTruncated whether stdout was longer than the head
     * @param stderr the head of stderr
     * @param stderrTruncated whether stderr was longer than the head
     * @param outputs the published outputs
     * @param queuedMillis time from Accepted to Running
     * @param runMillis time from Running to the end
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(
            @JsonProperty("exitCode") @JsonInclude(JsonInclude.Include.ALWAYS) Integer exitCode,
            @JsonProperty("stdout") String stdout,
            @JsonProperty("stdoutTruncated") boolean stdoutTruncated,
            @JsonProperty("stderr") String stderr,
            @JsonProperty("stderrTruncated") boolean stderrTruncated,
            @JsonProperty("outputs") List<Output> outputs,
            @JsonProperty("queuedMillis") long queuedMillis,
            @JsonProperty("runMillis") long runMillis) {}

    /**
     * One published output.
     *
     * @param name the output's name
     * @param path where the job wrote it
     * @param sizeBytes total size of its files
     * @param fileCount number of files
     * @param location where it was published, when its publisher keeps it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(
            @JsonProperty("name") String name,
            @JsonProperty("path") String path,
            @JsonProperty("sizeBytes") long sizeBytes,
            @JsonProperty("fileCount") int fileCount,
            @JsonProperty("location") String location) {}
}
