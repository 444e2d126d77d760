package io.trawler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trawler.lifecycle.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Judges a status topic against the delivery guarantees: for each submitted job, how many terminal
 * events it got and whether any run started after its first terminal event. Records of one job
 * share a key and so a partition, which keeps them in the order they were written.
 */
public final class StatusLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<JsonNode>> eventsByJob = new LinkedHashMap<>();

    public StatusLedger(List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() == null || record.value() == null) {
                continue;
            }
            String jobId = new String(record.key(), StandardCharsets.UTF_8);
            eventsByJob.computeIfAbsent(jobId, id -> new ArrayList<>()).add(parse(record.value()));
        }
    }

    /** Jobs among {@code submitted} without any terminal event. */
    public Set<String> withoutTerminalEvent(Set<String> submitted) {
        Set<String> missing = new TreeSet<>();
        for (String jobId : submitted) {
            if (terminalCount(jobId) == 0) {
                missing.add(jobId);
            }
        }
        return missing;
    }

    /** Jobs with more than one terminal event, and how many each has. */
    public Map<String, Integer> withSeveralTerminalEvents() {
        Map<String, Integer> several = new LinkedHashMap<>();
        for (String jobId : eventsByJob.keySet()) {
            int count = terminalCount(jobId);
            if (count > 1) {
                several.put(jobId, count);
            }
        }
        return several;
    }

    /** Jobs with a Running event after their first terminal event. */
    public Set<String> runAfterTheirEnd() {
        Set<String> ranAgain = new TreeSet<>();
        eventsByJob.forEach(
                (jobId, events) -> {
                    boolean ended = false;
                    for (JsonNode event : events) {
                        JobState state = state(event);
                        if (ended && state == JobState.RUNNING) {
                            ranAgain.add(jobId);
                        }
                        ended |= state.terminal();
                    }
                });
        return ranAgain;
    }

    /** How many jobs ran more than once (an attempt above 1), a sign that faults were felt. */
    public long jobsRunMoreThanOnce() {
        return eventsByJob.values().stream()
                .filter(events -> events.stream().anyMatch(e -> e.path("attempt").asInt() > 1))
                .count();
    }

    /** How many events of a state the topic holds. */
    public long count(JobState state) {
        return eventsByJob.values().stream()
                .flatMap(List::stream)
                .filter(event -> state(event) == state)
                .count();
    }

    /** The distinct workers that published a state. */
    public Set<String> workersThatPublished(JobState state) {
        Set<String> workers = new TreeSet<>();
        eventsByJob.values().stream()
                .flatMap(List::stream)
                .filter(event -> state(event) == state)
                .forEach(event -> workers.add(event.path("workerId").asText()));
        return workers;
    }

    private int terminalCount(String jobId) {
        return (int)
                eventsByJob.getOrDefault(jobId, List.of()).stream()
                        .filter(event -> state(event).terminal())
                        .count();
    }

    private static JobState state(JsonNode event) {
        return JobState.fromWireName(event.path("state").asText())
                .orElseThrow(() -> new IllegalStateException("unknown state in " + event));
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
