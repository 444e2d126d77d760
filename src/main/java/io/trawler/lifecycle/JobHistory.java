package io.trawler.lifecycle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the status topic says about every job it has seen: the latest state and the highest attempt.
 *
 * <p>This is the durable memory behind "a job with a terminal event is never executed again". It is
 * filled from two sides: {@link StatusTopicReader} reads the whole status topic back, so that
 * events published by other replicas and by earlier runs of this worker count; and {@link
 * StatusPublisher} records every event this worker published as soon as Kafka acknowledged it, so
 * that a worker never has to wait for the reader to see its own writes.
 *
 * <p>A terminal state is sticky: once a job is known to have ended, no later event moves it back,
 * whatever order the two sides deliver events in, and the reader skips its later records unread.
 *
 * <p>Limitation: the history holds one small entry per job ID on the status topic, in memory, so
 * its size grows with the number of distinct jobs the topic retains. A compacted status topic keeps
 * one record per job forever; operators bound it with the topic's retention (a deleted record is
 * forgotten here after the next restart). About 35 bytes per job (see {@link JobEntries}): a
 * million jobs cost about 35 MiB of heap.
 */
@Singleton
public class JobHistory {

    private static final Logger LOG = Logger.getLogger(JobHistory.class);
    private static final JobState[] STATES = JobState.values();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bits of a packed entry that hold the state's ordinal; the attempt is above them. */
    private static final int STATE_BITS = 32 - Integer.numberOfLeadingZeros(STATES.length - 1);

    /** Every job's packed entry. */
    private final JobEntries jobs = new JobEntries();

    private final StatusTopicReader reader;

    JobHistory(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.outgoing.job-status.topic") String statusTopic) {
        this.reader = new StatusTopicReader(kafkaConfig, statusTopic, this::apply);
    }

    // Before the messaging channels start, so that intake finds the reader running.
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        reader.start();
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        reader.stop();
    }

    /**
     * The latest state of a job and the highest attempt any event of it carried.
     *
     * @param state the state the job is in
     * @param attempt the highest attempt number seen for the job
     */
    public record Entry(JobState state, int attempt) {}

    /** What is known about a job, empty when the status topic never mentioned it. */
    public Optional<Entry> find(String jobId) {
        int packed = jobs.get(jobId);
        return packed == JobEntries.ABSENT ? Optional.empty() : Optional.of(unpack(packed));
    }

    /**
     * Completes once the history holds every event that was on the status topic when this method
     * was called. Work that must not miss another replica's events waits for it.
     */
    public CompletionStage<Void> caughtUp() {
        return reader.caughtUp();
    }

    /** Whether the status topic is being read; false once the reader has failed for good. */
    public boolean reading() {
        return reader.alive();
    }

    /** Jobs the history knows of. */
    public int size() {
        return jobs.size();
    }

    /** Merges one event into the history. */
    void observe(String jobId, JobState state, int attempt) {
        jobs.merge(jobId, pack(state, attempt), JobHistory::merge);
    }

    /** Applies one record of the status topic: an event, or a tombstone that deletes a job. */
    void apply(String jobId, byte[] value) {
        if (jobId == null) {
            return;
        }
        if (value == null) {
            jobs.remove(jobId);
            return;
        }
        int known = jobs.get(jobId);
        if (known != JobEntries.ABSENT && unpack(known).state().terminal()) {
            // An ended job stays ended, whatever came after; and its attempt no longer counts,
            // as it never runs again. Most records read back are of jobs that already ended here.
            return;
        }
        try {
            Optional<Entry> entry = read(value);
            if (entry.isPresent()) {
                observe(jobId, entry.get().state(), entry.get().attempt());
            } else {
                LOG.debugf("status record without a known state skipped jobId=%s", jobId);
            }
        } catch (IOException e) {
            // Someone else wrote to the status topic; such a record says nothing about a job.
            LOG.debugf("status record that is not an event skipped jobId=%s", jobId);
        }
    }

    /**
     * Reads the state and attempt of an event, stopping as soon as it has both: the history reads
     * every event of every job, and the rest of an event (its result above all) does not matter
     * here.
     */
    private static Optional<Entry> read(byte[] value) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            JobState state = null;
            int attempt = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME && (state == null || attempt == 0)) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if (field.equals("state") && token == JsonToken.VALUE_STRING) {
                    state = JobState.fromWireName(parser.getText()).orElse(null);
                } else if (field.equals("attempt") && token == JsonToken.VALUE_NUMBER_INT) {
                    attempt = parser.getIntValue();
                } else {
                    parser.skipChildren();
                }
            }
            return state == null
                    ? Optional.empty()
                    : Optional.of(new Entry(state, Math.max(attempt, 1)));
        }
    }

    private static int merge(int known, int incoming) {
        Entry a = unpack(known);
        Entry b = unpack(incoming);
        int attempt = Math.max(a.attempt(), b.attempt());
        return pack(later(a, b).state(), attempt);
    }

    /** The entry further along a job's life: terminal first, then the higher attempt. */
    private static Entry later(Entry a, Entry b) {
        if (a.state().terminal() || b.state().terminal()) {
            return a.state().terminal() ? a : b;
        }
        if (a.attempt() != b.attempt()) {
            return a.attempt() > b.attempt() ? a : b;
        }
        return rank(b.state()) >= rank(a.state()) ? b : a;
    }

    /** The order of the non-terminal states within one attempt. */
    private static int rank(JobState state) {
        return switch (state) {
            case ACCEPTED -> 0;
            case RUNNING -> 1;
            default -> 2;
        };
    }

    /**
     * The attempt above the state's ordinal. Attempts count from 1, so no packed entry is {@link
     * JobEntries#ABSENT}.
     */
    private static int pack(JobState state, int attempt) {
        return (Math.max(attempt, 1) << STATE_BITS) | state.ordinal();
    }

    private static Entry unpack(int packed) {
        return new Entry(STATES[packed & ((1 << STATE_BITS) - 1)], packed >>> STATE_BITS);
    }
}
