package io.trawler.deploy;

import static io.trawler.deploy.PackagedWorker.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker's log as a log collector reads it, with JSON logging switched on the way the
 * README says: one JSON object a line, and the job's ID in the MDC of its lifecycle lines.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static PackagedWorker worker;
    static String completed;
    static String rejected;

    @BeforeAll
    static void runAJobAndAnInvalidJobThroughAWorkerThatLogsJson() {
        worker =
                PackagedWorker.start(
                        "json-logs-it", Map.of("quarkus.log.console.json.enabled", "true"));
        completed = newJobId("logs-valid");
        rejected = newJobId("logs-invalid");

        worker.submit(completed, PackagedWorker.noopJob(completed));
        worker.submit(rejected, PackagedWorker.invalidJob(rejected));

        worker.awaitStates(completed, "Accepted", "Running", "Completed");
        worker.awaitStates(rejected, "Rejected");
        // The log is written by another process: wait until the last lifecycle line is in it.
        await().atMost(PackagedWorker.PATIENCE)
                .until(() -> lines().stream().anyMatch(line -> line.contains("job completed")));
    }

    @AfterAll
    static void stopTheWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void everyLineIsAJsonObjectWithTimeLevelLoggerAndMessage() {
        List<JsonNode> records = records();

        assertThat(records).hasSizeGreaterThan(10);
        for (JsonNode record : records) {
            assertThat(record.isObject()).as(record.toString()).isTrue();
            assertThat(record.path("timestamp").asText()).as(record.toString()).isNotEmpty();
            assertThat(record.path("level").asText()).as(record.toString()).isNotEmpty();
            assertThat(record.path("loggerName").asText()).as(record.toString()).isNotEmpty();
            assertThat(record.has("message")).as(record.toString()).isTrue();
        }
    }

    @Test
    void everyLifecycleLineOfAJobCarriesItsJobIdInTheMdc() {
        List<JsonNode> lifecycle = new ArrayList<>();
        for (String jobId : List.of(completed, rejected)) {
            lifecycle.addAll(linesAbout(jobId));
        }

        assertThat(lifecycle)
                .extracting(record -> phrase(record.path("message").asText()))
                .contains("job accepted", "job running", "job completed", "job rejected");
        for (JsonNode record : lifecycle) {
            String message = record.path("message").asText();
            assertThat(record.path("mdc").path("jobId").asText())
                    .as(message)
                    .isEqualTo(jobIdIn(message));
        }
    }

    /** Trawler's own lines that name this job with {@code jobId=}. */
    private static List<JsonNode> linesAbout(String jobId) {
        return records().stream()
                .filter(record -> record.path("loggerName").asText().startsWith("io.trawler."))
                .filter(record -> record.path("message").asText().contains("jobId=" + jobId))
                .toList();
    }

    /** The phrase before the first {@code key=value} fact, such as "job accepted". */
    private static String phrase(String message) {
        return message.replaceAll("\\s+\\S+=.*$", "");
    }

    private static String jobIdIn(String message) {
        return message.replaceAll("^.*\\bjobId=(\\S+).*$", "$1");
    }

    private static List<JsonNode> records() {
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines()) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("a log line that is not JSON: " + line, e);
            }
        }
        return records;
    }

    /** The complete lines of the log; a line the worker is still writing is left out. */
    private static List<String> lines() {
        String log;
        try {
            log = Files.readString(worker.process().log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = log.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(log.substring(0, end).split("\n"));
    }
}
