package io.trawler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobHistoryTest {

    private final JobHistory history = new JobHistory(Map.of(), "job-status");

    @Test
    void knowsNothingOfAJobNeverSeen() {
        assertThat(history.find("never-seen")).isEmpty();
    }

    @Test
    void keepsTheLatestStateAndTheHighestAttempt() {
        history.observe("job-1", JobState.ACCEPTED, 1);
        history.observe("job-1", JobState.RUNNING, 1);
        history.observe("job-1", JobState.INTERRUPTED, 1);
        history.observe("job-1", JobState.ACCEPTED, 2);

        assertThat(history.find("job-1")).contains(new JobHistory.Entry(JobState.ACCEPTED, 2));
    }

    @Test
    void aTerminalStateIsNeverReplacedByALaterEvent() {
        history.observe("job-2", JobState.COMPLETED, 1);
        history.observe("job-2", JobState.RUNNING, 1);
        history.observe("job-2", JobState.ACCEPTED, 3);

        assertThat(history.find("job-2")).contains(new JobHistory.Entry(JobState.COMPLETED, 3));
    }

    @Test
    void anEarlierEventArrivingLateDoesNotMoveTheJobBack() {
        history.observe("job-3", JobState.RUNNING, 2);
        history.observe("job-3", JobState.ACCEPTED, 2);
        history.observe("job-3", JobState.INTERRUPTED, 1);

        assertThat(history.find("job-3")).contains(new JobHistory.Entry(JobState.RUNNING, 2));
    }

    @Test
    void aTerminalEventWinsOverAnInterruptionOfALaterAttempt() {
        history.observe("job-4", JobState.INTERRUPTED, 2);
        history.observe("job-4", JobState.FAILED, 1);

        assertThat(history.find("job-4").orElseThrow().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void readsStateAndAttemptFromAnEventOnTheStatusTopic() {
        byte[] event =
                ("{\"jobId\":\"job-5\",\"state\":\"Interrupted\",\"attempt\":3,"
                                + "\"result\":{\"stdout\":\"{\\\"state\\\":\\\"Completed\\\"}\"}}")
                        .getBytes(StandardCharsets.UTF_8);

        history.apply("job-5", event);

        assertThat(history.find("job-5")).contains(new JobHistory.Entry(JobState.INTERRUPTED, 3));
    }

    @Test
    void recordsReadBackForAnEndedJobAreNotRead() {
        history.observe("job-8", JobState.COMPLETED, 1);

        history.apply(
                "job-8",
                "{\"jobId\":\"job-8\",\"state\":\"Running\",\"attempt\":4}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(history.find("job-8")).contains(new JobHistory.Entry(JobState.COMPLETED, 1));
    }

    @Test
    void anEventSeenTwiceChangesNothing() {
        history.observe("job-9", JobState.RUNNING, 2);
        history.observe("job-9", JobState.RUNNING, 2);
        history.observe("job-9", JobState.ACCEPTED, 2);

        assertThat(history.find("job-9")).contains(new JobHistory.Entry(JobState.RUNNING, 2));
        assertThat(history.size()).isEqualTo(1);
    }

    @Test
    void skipsRecordsThatAreNotEventsAndForgetsTombstonedJobs() {
        history.observe("job-6", JobState.COMPLETED, 1);

        history.apply("job-7", "not json".getBytes(StandardCharsets.UTF_8));
        history.apply("job-6", null);

        assertThat(history.find("job-7")).isEmpty();
        assertThat(history.find("job-6")).isEmpty();
    }

    @Test
    void keepsAttemptsFarBeyondTheFirstFew() {
        history.observe("job-10", JobState.INTERRUPTED, 4_000_000);
        history.observe("job-10", JobState.RUNNING, 17);

        assertThat(history.find("job-10"))
                .contains(new JobHistory.Entry(JobState.INTERRUPTED, 4_000_000));
    }

    @Test
    void everyStateSurvivesPackingWithEveryAttempt() {
        for (JobState state : JobState.values()) {
            for (int attempt : new int[] {1, 2, 15, 16, 255, 256, 100_000}) {
                JobHistory fresh = new JobHistory(Map.of(), "job-status");

                fresh.observe("job-11", state, attempt);

                assertThat(fresh.find("job-11")).contains(new JobHistory.Entry(state, attempt));
            }
        }
    }
}
