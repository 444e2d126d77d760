package io.trawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trawler.lifecycle.JobState;
import io.trawler.testing.RestartableBroker;
import io.trawler.testing.StatusLedger;
import io.trawler.testing.TopicClient;
import io.trawler.testing.WorkerProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery guarantees under real faults: packaged workers started as processes of their own, a
 * broker of their own, and 200 jobs per test, short (noop) and long (a container that sleeps)
 * mixed. Whatever happens in between, every job ends with exactly one terminal event, none is lost,
 * and none runs again after it ended.
 */
class WorkerFaultsIT {

    private static final int JOBS = 200;
    private static final int PARTITIONS = 4;
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RestartableBroker broker;

    private String suffix;
    private Map<String, String> settings;
    private TopicClient kafka;
    private TopicClient.Reader status;
    private final Set<String> submitted = new LinkedHashSet<>();

    @BeforeAll
    static void startBroker() {
        broker = new RestartableBroker();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void freshTopics() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        broker.createTopics(
                Map.of(
                        topic("jobs"),
                        PARTITIONS,
                        topic("job-status"),
                        PARTITIONS,
                        topic("jobs-dlq"),
                        1,
                        topic("job-control"),
                        1));
        settings =
                Map.ofEntries(
                        Map.entry("kafka.bootstrap.servers", broker.bootstrapServers()),
                        Map.entry("mp.messaging.incoming.jobs.topic", topic("jobs")),
                        Map.entry("mp.messaging.incoming.jobs.group.id", topic("trawler")),
                        Map.entry("mp.messaging.outgoing.job-status.topic", topic("job-status")),
                        Map.entry("mp.messaging.outgoing.jobs-dlq.topic", topic("jobs-dlq")),
                        Map.entry("mp.messaging.incoming.job-control.topic", topic("job-control")),
                        // A killed worker's partitions move on after this, not after 45 s.
                        Map.entry("mp.messaging.incoming.jobs.session.timeout.ms", "8000"),
                        Map.entry("mp.messaging.incoming.jobs.heartbeat.interval.ms", "2000"),
                        Map.entry("trawler.validation.enabled-engines", "noop,docker"),
                        Map.entry("trawler.execution.max-concurrent-jobs", "6"),
                        Map.entry("trawler.execution.shutdown-grace", "5s"));
        kafka = new TopicClient(broker.bootstrapServers());
        status = kafka.read(topic("job-status"));
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void killingAWorkerMidRunLosesNoJobAndRunsNoneAgainAfterItEnded() {
        try (WorkerProcess first = WorkerProcess.start("faults-kill-" + suffix, settings)) {
            submitJobs();
            awaitRunningAndSomeEnded(40);

            first.kill();
        }
        try (WorkerProcess again = WorkerProcess.start("faults-kill-" + suffix, settings)) {
            awaitEveryJobEnded();

            StatusLedger ledger = judge();
            assertThat(ledger.jobsRunMoreThanOnce())
                    .as("jobs that were running when the worker died ran again")
                    .isPositive();
        }
    }

    @Test
    void restartingTheBrokerMidRunLosesNoJob() {
        try (WorkerProcess worker = WorkerProcess.start("faults-broker-" + suffix, settings)) {
            submitJobs();
            awaitRunningAndSomeEnded(40);

            broker.restart(Duration.ofSeconds(5));

            awaitEveryJobEnded();
            judge();
            assertThat(worker.alive()).isTrue();
        }
    }

    @Test
    void startingASecondWorkerMidRunSharesTheWorkAndRunsNoJobTwice() {
        try (WorkerProcess first = WorkerProcess.start("faults-first-" + suffix, settings)) {
            submitJobs();
            awaitRunningAndSomeEnded(40);

            try (WorkerProcess second = WorkerProcess.start("faults-second-" + suffix, settings)) {
                awaitEveryJobEnded();

                StatusLedger ledger = judge();
                assertThat(ledger.workersThatPublished(JobState.RUNNING))
                        .contains(first.workerId(), second.workerId());
            }
        }
    }

    @Test
    void aStoppedWorkerInterruptsItsRunningJobsAndTheNextOneRunsThemAgain() {
        try (WorkerProcess first = WorkerProcess.start("faults-stop-" + suffix, settings)) {
            // Ahead of the others in their partitions, so that they are running when the worker
            // stops, and long enough to outlast the wait for the others and the 5-second grace.
            for (int n = 0; n < 2; n++) {
                String jobId = "fault-" + suffix + "-outlasting-" + n;
                submitted.add(jobId);
                kafka.send(topic("jobs"), jobId, sleepingJob(jobId, 30));
            }
            submitJobs();
            awaitRunningAndSomeEnded(40);

            first.stop(Duration.ofSeconds(60));
        }
        try (WorkerProcess again = WorkerProcess.start("faults-stop-" + suffix, settings)) {
            awaitEveryJobEnded();

            StatusLedger ledger = judge();
            assertThat(ledger.count(JobState.INTERRUPTED))
                    .as("jobs still running after the grace were published as Interrupted")
                    .isPositive();
        }
    }

    @Test
    void aJobLongerThanThePollIntervalCausesNoRebalanceAndRunsOnce() throws Exception {
        Map<String, String> shortPolls = new HashMap<>(settings);
        // The consumer must poll at least this often; a job may run far longer than that.
        shortPolls.put("mp.messaging.incoming.jobs.max.poll.interval.ms", "10000");
        try (WorkerProcess worker = WorkerProcess.start("faults-long-" + suffix, shortPolls)) {
            String jobId = "fault-" + suffix + "-long";
            submitted.add(jobId);
            kafka.send(topic("jobs"), jobId, sleepingJob(jobId, 25));

            awaitEveryJobEnded();

            StatusLedger ledger = judge();
            assertThat(ledger.jobsRunMoreThanOnce()).isZero();
            assertThat(ledger.count(JobState.COMPLETED)).isEqualTo(1);
            assertThat(Files.readString(worker.log()))
                    .contains("partitions assigned")
                    .doesNotContain("partitions revoked");
            assertThat(worker.get("/q/health/ready")).containsPattern("\"status\"\\s*:\\s*\"UP\"");
        }
    }

    private void submitJobs() {
        for (int n = 0; n < JOBS; n++) {
            String jobId = "fault-" + suffix + "-" + n;
            submitted.add(jobId);
            kafka.send(topic("jobs"), jobId, n % 4 == 0 ? longJob(jobId) : noopJob(jobId));
        }
    }

    /** Waits until some jobs ended and some long ones are running, so a fault hits mid-run. */
    private void awaitRunningAndSomeEnded(int ended) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            StatusLedger ledger = new StatusLedger(status.records());
                            long terminal =
                                    submitted.size()
                                            - ledger.withoutTerminalEvent(submitted).size();
                            return terminal >= ended && ledger.count(JobState.RUNNING) > terminal;
                        });
    }

    private void awaitEveryJobEnded() {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () ->
                                new StatusLedger(status.records())
                                        .withoutTerminalEvent(submitted)
                                        .isEmpty());
        // Late duplicates would show up here: give stragglers a moment to be published.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
    }

    private StatusLedger judge() {
        StatusLedger ledger = new StatusLedger(status.records());
        assertThat(ledger.withoutTerminalEvent(submitted)).as("jobs lost").isEmpty();
        assertThat(ledger.withSeveralTerminalEvents()).as("jobs that ended twice").isEmpty();
        assertThat(ledger.runAfterTheirEnd()).as("jobs run after they ended").isEmpty();
        return ledger;
    }

    private String topic(String name) {
        return name + "-" + suffix;
    }

    private static String noopJob(String jobId) {
        return job(jobId, Map.of("Type", "noop"), 60);
    }

    private static String longJob(String jobId) {
        return sleepingJob(jobId, 3);
    }

    private static String sleepingJob(String jobId, int seconds) {
        Map<String, Object> docker =
                Map.of(
                        "Type",
                        "docker",
                        "Params",
                        Map.of(
                                "Image", "trawler-test/busybox:1.35",
                                "Entrypoint", List.of("/bin/sleep"),
                                "Parameters", List.of(Integer.toString(seconds))));
        return job(jobId, docker, 120);
    }

    private static String job(String jobId, Map<String, Object> engine, int timeout) {
        ObjectNode job = JSON.createObjectNode();
        job.put("APIVersion", "V1beta2");
        job.putObject("Metadata").put("ID", jobId).put("ClientID", "faults");
        ObjectNode spec = job.putObject("Spec");
        spec.set("EngineSpec", JSON.valueToTree(engine));
        spec.putObject("Resources").put("CPU", "100m").put("Memory", "64Mi");
        spec.putObject("Network").put("Type", "None");
        spec.put("Timeout", timeout);
        return job.toString();
    }
}
