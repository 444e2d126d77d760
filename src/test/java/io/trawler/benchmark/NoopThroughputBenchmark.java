package io.trawler.benchmark;

import io.trawler.testing.KafkaBroker;
import io.trawler.testing.WorkerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Noop throughput and submit-to-Completed latency of the packaged worker, against a plain
 * kafka-clients consume-and-produce loop that does the same Kafka I/O on the same broker in the
 * same run: it reads each job record, writes three status records (Accepted, Running, Completed)
 * shaped like the worker's with acks=all and an idempotent producer, commits offsets once they are
 * acknowledged, and reads the status topic back as the worker's job history does. A minimal form of
 * the loop, small records and no reading back, is measured for throughput too, for reference.
 *
 * <p>Two measurements, each taken for the baseline and for Trawler in rounds (two, or as many as
 * {@code -Dbenchmark.rounds} asks for), of which the medians are reported. The order of the
 * subjects turns every round, so that none always runs right after another:
 *
 * <ol>
 *   <li>Throughput: a backlog of jobs published as fast as the broker takes them, completions per
 *       second once the subject has caught up with the publisher.
 *   <li>Latency at a fixed offered load, half the baseline's best throughput and then half
 *       Trawler's: p50 and p99 from the moment a job's record is acknowledged by Kafka to the
 *       moment its Completed record is read off the status topic. The load runs for ten seconds
 *       ({@link #SETTLING}) before its jobs count, and then for twenty ({@link #MEASURED}).
 * </ol>
 *
 * <p>Both subjects are processes of their own, started with the same JVM options ({@link
 * WorkerProcess#javaCommand()}), so that neither shares its heap, collector or JIT compiler with
 * this JVM, which offers the load and times it. Each is warmed up before it is measured, by a
 * backlog of jobs it must finish first: the worker's JIT compiler needs tens of thousands of jobs
 * to settle, and measuring it cold would be measuring the compiler. The broker, started for the
 * run, is warmed up too, by an unmeasured latency run of the baseline. Per-job times are kept in
 * arrays sized before the load starts, so that the timing JVM itself collects little garbage.
 *
 * <p>Run with {@code ./mvnw -B package -DskipTests} and then {@code ./mvnw -B -q
 * exec:exec@benchmark -Dbenchmark=io.trawler.benchmark.NoopThroughputBenchmark}. It needs the same
 * Docker engine and broker image as the tests. With {@code -Dbenchmark.rate=N} it only compares the
 * latency at N jobs a second.
 */
public final class NoopThroughputBenchmark {

    private static final int BACKLOG = Integer.getInteger("benchmark.backlog", 50000);
    private static final int WARM_UP = Integer.getInteger("benchmark.warm-up", 60000);

    /** How long the fixed load runs before any job counts: the subject settles at its rate. */
    private static final Duration SETTLING = Duration.ofSeconds(10);

    /** How long the fixed load runs while its jobs count. */
    private static final Duration MEASURED = Duration.ofSeconds(20);

    private static final int PARTITIONS = 4;

    /** The steady load, in jobs a second, that warms up a fresh broker. */
    private static final double BROKER_WARM_UP_RATE = 5000;

    private static final Path LOGS = Path.of("target", "worker-logs");
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 2);

    private static final long NANO_BASE = System.nanoTime();
    private static final long WALL_BASE_MICROS = micros(Instant.now());

    private final String bootstrap;

    private static long micros(Instant time) {
        return time.getEpochSecond() * 1_000_000 + time.getNano() / 1000;
    }

    /** A {@link System#nanoTime()} reading as microseconds of the wall clock. */
    private static long wallMicros(long nanos) {
        return WALL_BASE_MICROS + (nanos - NANO_BASE) / 1000;
    }

    private NoopThroughputBenchmark(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public static void main(String[] args) throws Exception {
        NoopThroughputBenchmark benchmark =
                new NoopThroughputBenchmark(KafkaBroker.bootstrapServers());
        benchmark.warmUpBroker();
        String rate = System.getProperty("benchmark.rate", "");
        if (rate.isBlank()) {
            benchmark.run();
        } else {
            benchmark.compareLatency(Double.parseDouble(rate), "as asked");
        }
        System.exit(0);
    }

    /**
     * Puts the broker, started for this run, through a latency run of the baseline, unmeasured: a
     * fresh broker is still compiling its hot paths, for a backlog and then for a steady load,
     * which would count against whichever subject comes first.
     */
    private void warmUpBroker() throws Exception {
        long started = System.nanoTime();
        latency(new Baseline(true), BROKER_WARM_UP_RATE);
        System.out.printf(
                Locale.ROOT,
                "broker warmed up in %.0f s (the figures above do not count)%n",
                (System.nanoTime() - started) / 1e9);
    }

    private void run() throws Exception {
        List<Double> minimalRates = new ArrayList<>();
        List<Double> baselineRates = new ArrayList<>();
        List<Double> trawlerRates = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            // The order turns every round, so that no subject always runs right after another.
            if (round % 2 == 1) {
                minimalRates.add(throughput(new Baseline(false)));
                baselineRates.add(throughput(new Baseline(true)));
                trawlerRates.add(throughput(new Trawler()));
            } else {
                trawlerRates.add(throughput(new Trawler()));
                baselineRates.add(throughput(new Baseline(true)));
                minimalRates.add(throughput(new Baseline(false)));
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d throughput jobs/s: minimal=%.0f baseline=%.0f trawler=%.0f%n",
                    round,
                    minimalRates.get(round - 1),
                    baselineRates.get(round - 1),
                    trawlerRates.get(round - 1));
        }
        double minimalRate = median(minimalRates);
        double baselineRate = median(baselineRates);
        double trawlerRate = median(trawlerRates);

        System.out.println();
        System.out.printf(Locale.ROOT, "throughput (median of %d, jobs/s)%n", ROUNDS);
        System.out.printf(Locale.ROOT, "  minimal loop  %8.0f%n", minimalRate);
        System.out.printf(Locale.ROOT, "  baseline      %8.0f%n", baselineRate);
        System.out.printf(Locale.ROOT, "  trawler       %8.0f%n", trawlerRate);
        System.out.printf(
                Locale.ROOT,
                "  ratio         %8.2f  (target >= 0.60)%n",
                trawlerRate / baselineRate);
        System.out.printf(
                Locale.ROOT, "  ratio to the minimal loop %8.2f%n", trawlerRate / minimalRate);

        // The target's load, half the baseline's best; and half of Trawler's own best, a load
        // both can carry, so that the latency of each is seen without a queue growing.
        compareLatency(baselineRate / 2, "half the baseline's throughput");
        compareLatency(trawlerRate / 2, "half Trawler's throughput");
    }

    private void compareLatency(double offered, String what) throws Exception {
        List<Latency> baselineLatency = new ArrayList<>();
        List<Latency> trawlerLatency = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            // The order turns every round, as for throughput.
            if (round % 2 == 1) {
                baselineLatency.add(latency(new Baseline(true), offered));
                trawlerLatency.add(latency(new Trawler(), offered));
            } else {
                trawlerLatency.add(latency(new Trawler(), offered));
                baselineLatency.add(latency(new Baseline(true), offered));
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d latency at %.0f jobs/s: baseline p50 %.1f p99 %.1f ms,"
                            + " trawler p50 %.1f p99 %.1f ms%n",
                    round,
                    offered,
                    baselineLatency.get(round - 1).p50(),
                    baselineLatency.get(round - 1).p99(),
                    trawlerLatency.get(round - 1).p50(),
                    trawlerLatency.get(round - 1).p99());
        }
        Latency base = Latency.median(baselineLatency);
        Latency ours = Latency.median(trawlerLatency);
        System.out.printf(
                Locale.ROOT, "latency at %.0f jobs/s, %s (median of %d)%n", offered, what, ROUNDS);
        System.out.printf(
                Locale.ROOT, "  baseline  p50 %8.1f ms  p99 %8.1f ms%n", base.p50(), base.p99());
        System.out.printf(
                Locale.ROOT, "  trawler   p50 %8.1f ms  p99 %8.1f ms%n", ours.p50(), ours.p99());
        System.out.printf(
                Locale.ROOT, "  p99 ratio %8.2f  (target <= 1.50)%n", ours.p99() / base.p99());
    }

    /** Jobs per second through a backlog that builds up faster than the subject can take it. */
    private double throughput(Subject subject) throws Exception {
        Topics topics = Topics.fresh(bootstrap);
        CompletionWatch watch = new CompletionWatch(bootstrap, topics.status(), BACKLOG);
        subject.start(topics);
        try {
            warmUp(subject, topics, watch);
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int n = 0; n < BACKLOG; n++) {
                    send(producer, topics, topics.measuredJob(n), n);
                }
                producer.flush();
            }
            await(subject, watch, WARM_UP + BACKLOG, Duration.ofMinutes(3));
        } finally {
            subject.stop();
            watch.close();
            topics.delete(bootstrap);
        }
        // The subject takes the first jobs as they arrive: count from the completion of the first
        // fifth, by which time a backlog is waiting, to the last one.
        long[] times = watch.measuredCompletions().clone();
        Arrays.sort(times);
        int from = BACKLOG / 5;
        double seconds = (times[times.length - 1] - times[from]) / 1e9;
        return (times.length - 1 - from) / seconds;
    }

    /** Runs {@value #WARM_UP} jobs through the subject and waits until all of them completed. */
    private void warmUp(Subject subject, Topics topics, CompletionWatch watch) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int n = 0; n < WARM_UP; n++) {
                send(producer, topics, topics.warmUpJob(n), n);
            }
            producer.flush();
        }
        await(subject, watch, WARM_UP, Duration.ofMinutes(3));
    }

    private void send(KafkaProducer<byte[], byte[]> producer, Topics topics, String id, int n) {
        producer.send(record(topics.jobs(), id));
        // In slices: tens of thousands of sends at once outrun the request timeout of a broker on
        // a small machine.
        if (n % 2000 == 1999) {
            producer.flush();
        }
    }

    private static void await(Subject subject, CompletionWatch watch, int count, Duration patience)
            throws InterruptedException {
        try {
            watch.awaitCompleted(count, patience);
        } catch (IllegalStateException stalled) {
            subject.diagnose();
            throw stalled;
        }
    }

    /** Submit-to-Completed latency at a fixed rate of {@code perSecond} jobs. */
    private Latency latency(Subject subject, double perSecond) throws Exception {
        // A worker's JIT compiler, after a backlog, still recompiles for a steady trickle of jobs:
        // the first seconds at the rate are not counted.
        int settling = (int) (perSecond * SETTLING.toSeconds());
        int total = settling + (int) (perSecond * MEASURED.toSeconds());
        Topics topics = Topics.fresh(bootstrap);
        CompletionWatch watch = new CompletionWatch(bootstrap, topics.status(), total);
        subject.start(topics);
        long[] sent = new long[total];
        Instant loadStart;
        try {
            warmUp(subject, topics, watch);
            loadStart = Instant.now();
            offer(topics, total, perSecond, sent);
            await(subject, watch, WARM_UP + total, Duration.ofMinutes(5));
        } finally {
            subject.stop();
            watch.close();
            topics.delete(bootstrap);
        }
        long[] done = watch.measuredCompletions();
        String name = subject.getClass().getSimpleName();
        String counted = String.format(Locale.ROOT, "counted from %s", loadStart.plus(SETTLING));

        // A job whose record Kafka refused has no time sent, and counts for nothing.
        IntToDoubleFunction millis = n -> sent[n] == 0 ? Double.NaN : (done[n] - sent[n]) / 1e6;
        Latency latency = Latency.of(settling, total, millis);
        printBySecond(name + ", " + counted, settling, total, perSecond, millis);
        if (subject instanceof Trawler) {
            printSplit(settling, total, perSecond, sent, watch, latency.p99());
        }
        return latency;
    }

    /**
     * Where Trawler's time went, from the times the worker wrote into each job's Completed record:
     * the event's own time (when the job ended, in intake) and the record's creation time (when the
     * status sender handed it to the producer). Before the end is the jobs topic, the broker and
     * intake; after it the status producer, the broker and the watch.
     */
    private static void printSplit(
            int from, int total, double perSecond, long[] sent, CompletionWatch watch, double p99) {
        long[] done = watch.measuredCompletions();
        long[] ended = watch.endedMicros();
        long[] handed = watch.handedMicros();
        IntToDoubleFunction before = n -> (ended[n] - wallMicros(sent[n])) / 1e3;
        IntToDoubleFunction after = n -> (wallMicros(done[n]) - ended[n]) / 1e3;
        printBySecond("  before the end", from, total, perSecond, before);
        printBySecond("  after the end ", from, total, perSecond, after);

        List<Double> toEnd = new ArrayList<>();
        List<Double> toSender = new ArrayList<>();
        List<Double> toWatch = new ArrayList<>();
        for (int n = from; n < total; n++) {
            if (sent[n] != 0 && (done[n] - sent[n]) / 1e6 >= p99) {
                toEnd.add(before.applyAsDouble(n));
                toSender.add((handed[n] - ended[n]) / 1e3);
                toWatch.add((wallMicros(done[n]) - handed[n]) / 1e3);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  the %d jobs at or over the p99, medians (ms): submitted to ended %.1f,"
                        + " ended to sent %.1f, sent to read %.1f%n",
                toEnd.size(),
                median(toEnd),
                median(toSender),
                median(toWatch));
    }

    /**
     * The p99 of the jobs offered in each second, so that a tail made of a few stalls can be told
     * from one spread over the whole run, and lined up with the subject's own logs.
     */
    private static void printBySecond(
            String what, int from, int total, double perSecond, IntToDoubleFunction millis) {
        StringBuilder line = new StringBuilder();
        int perSecondJobs = (int) perSecond;
        for (int start = from; start + perSecondJobs <= total; start += perSecondJobs) {
            line.append(
                    String.format(
                            Locale.ROOT,
                            " %.0f",
                            Latency.of(start, start + perSecondJobs, millis).p99()));
        }
        System.out.printf(Locale.ROOT, "  %s, p99 by second (ms):%s%n", what, line);
    }

    /** Publishes {@code total} jobs at {@code perSecond}, noting when Kafka acknowledged each. */
    private void offer(Topics topics, int total, double perSecond, long[] sent) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // Every millisecond, the jobs due by then: waiting for each job's moment in a busy loop
            // would take a core from the subject.
            long start = System.nanoTime();
            int n = 0;
            while (n < total) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond) + 1;
                for (; n < Math.min(due, total); n++) {
                    int job = n;
                    // Read once the producer is closed, which joins the thread that wrote them.
                    producer.send(
                            record(topics.jobs(), topics.measuredJob(job)),
                            (metadata, failure) -> {
                                if (failure == null) {
                                    sent[job] = System.nanoTime();
                                }
                            });
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            producer.flush();
        }
    }

    private ProducerRecord<byte[], byte[]> record(String topic, String jobId) {
        String job =
                "{\"APIVersion\":\"V1beta2\",\"Metadata\":{\"ID\":\""
                        + jobId
                        + "\",\"ClientID\":\"benchmark\"},\"Spec\":{\"EngineSpec\":{\"Type\":"
                        + "\"noop\"},\"Resources\":{\"CPU\":\"10m\",\"Memory\":\"16Mi\"},"
                        + "\"Network\":{\"Type\":\"None\"},\"Timeout\":60}}";
        return new ProducerRecord<>(
                topic,
                jobId.getBytes(StandardCharsets.UTF_8),
                job.getBytes(StandardCharsets.UTF_8));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // One request at a time: a just-created topic sometimes fails the first batches, and with
        // several in flight the idempotent producer was seen to wedge on the gap they left.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The thing measured: started on fresh topics, stopped after each measurement. */
    private interface Subject {
        void start(Topics topics) throws Exception;

        void stop() throws Exception;

        /** Prints what the subject knows of its own state, when a measurement stalls. */
        default void diagnose() {}
    }

    /** The packaged worker, as a separate process. */
    private final class Trawler implements Subject {

        private WorkerProcess worker;

        @Override
        public void start(Topics topics) {
            Map<String, String> settings = new HashMap<>();
            settings.put("kafka.bootstrap.servers", bootstrap);
            settings.put("mp.messaging.incoming.jobs.topic", topics.jobs());
            settings.put("mp.messaging.incoming.jobs.group.id", "group-" + topics.suffix());
            settings.put("mp.messaging.outgoing.job-status.topic", topics.status());
            settings.put("mp.messaging.outgoing.jobs-dlq.topic", "dlq-" + topics.suffix());
            settings.put("mp.messaging.incoming.job-control.topic", "control-" + topics.suffix());
            settings.put("trawler.validation.enabled-engines", "noop");
            settings.put("trawler.execution.max-concurrent-jobs", "64");
            // A job is held until Kafka acknowledged its Completed event, some milliseconds after
            // it ended; at tens of thousands of jobs a second the default of 256 held jobs, sized
            // for jobs whose documents may be large, is what bounds the rate.
            settings.put("trawler.execution.max-held-jobs", "1024");
            settings.put("quarkus.log.category.\"io.trawler\".level", "WARN");
            worker = WorkerProcess.start("benchmark-" + topics.suffix(), settings);
        }

        @Override
        public void stop() {
            worker.stop(Duration.ofSeconds(30));
        }

        @Override
        public void diagnose() {
            worker.get("/q/metrics")
                    .lines()
                    .filter(line -> line.startsWith("trawler_"))
                    .forEach(System.out::println);
            System.out.println(worker.get("/q/health/ready"));
            try {
                Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
                new ProcessBuilder(jstack.toString(), Long.toString(worker.pid()))
                        .inheritIO()
                        .start()
                        .waitFor();
            } catch (IOException e) {
                System.out.println("no thread dump: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The plain loop ({@link BaselineLoop}), in a process of its own started as a worker is. */
    private final class Baseline implements Subject {

        private final boolean full;
        private Process process;

        private Baseline(boolean full) {
            this.full = full;
        }

        @Override
        public void start(Topics topics) throws IOException {
            List<String> command = WorkerProcess.javaCommand();
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(BaselineLoop.class.getName());
            command.add(bootstrap);
            command.add(topics.jobs());
            command.add(topics.status());
            command.add("benchmark-" + topics.suffix());
            command.add(full ? "full" : "minimal");
            Path log = LOGS.resolve("baseline-" + topics.suffix() + ".log");
            Files.createDirectories(LOGS);
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
        }

        @Override
        public void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Fresh topics for one measurement. */
    private record Topics(String suffix, String jobs, String status) {

        /** Warm-up jobs and measured jobs, numbered from 0 each: {@code wu-<suffix>-<n>}. */
        String warmUpJob(int n) {
            return "wu-" + suffix + "-" + n;
        }

        String measuredJob(int n) {
            return "mj-" + suffix + "-" + n;
        }

        static boolean isWarmUpJob(byte[] jobId) {
            return jobId[0] == 'w';
        }

        static int jobNumber(byte[] jobId) {
            int n = 0;
            for (int i = jobId.length - 1, scale = 1; jobId[i] != '-'; i--, scale *= 10) {
                n += (jobId[i] - '0') * scale;
            }
            return n;
        }

        static Topics fresh(String bootstrap) throws Exception {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            Topics topics = new Topics(suffix, "jobs-" + suffix, "status-" + suffix);
            try (Admin admin = admin(bootstrap)) {
                admin.createTopics(
                                List.of(
                                        new NewTopic(topics.jobs(), PARTITIONS, (short) 1),
                                        new NewTopic(topics.status(), PARTITIONS, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            return topics;
        }

        /**
         * Deletes the topics, and with them the measurement's records: a full run writes gigabytes,
         * more than a broker whose data is in memory can keep.
         */
        void delete(String bootstrap) throws Exception {
            try (Admin admin = admin(bootstrap)) {
                admin.deleteTopics(List.of(jobs, status)).all().get(30, TimeUnit.SECONDS);
            }
        }

        private static Admin admin(String bootstrap) {
            return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        }
    }

    /**
     * Reads a status topic and notes, by job number, when each job's Completed record arrived, and
     * for measured jobs the times the subject wrote into that record. Everything is kept in arrays
     * sized up front: this JVM times both subjects, and the hundreds of thousands of entries of a
     * map would give it young collections of tens of milliseconds, which every job that completed
     * meanwhile would count as its own latency.
     */
    private static final class CompletionWatch implements AutoCloseable {

        private static final byte[] COMPLETED =
                "\"state\":\"Completed\"".getBytes(StandardCharsets.UTF_8);
        private static final byte[] TIME = "\"time\":\"".getBytes(StandardCharsets.UTF_8);

        /**
         * When each job's Completed record was read, as {@link System#nanoTime()}; 0 if not yet.
         */
        private final long[] warmUpDone = new long[WARM_UP];

        private final long[] measuredDone;

        /** The Completed event's own time, and its record's creation time, in µs of the clock. */
        private final long[] endedMicros;

        private final long[] handedMicros;

        /** Written by the watch's thread alone, so its increments lose nothing. */
        private volatile int completed;

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        CompletionWatch(String bootstrap, String topic, int measured) {
            measuredDone = new long[measured];
            endedMicros = new long[measured];
            handedMicros = new long[measured];
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "watch-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(
                            props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            thread =
                    new Thread(
                            () -> {
                                try (consumer) {
                                    while (running.get()) {
                                        for (ConsumerRecord<byte[], byte[]> record :
                                                consumer.poll(Duration.ofMillis(20))) {
                                            note(record);
                                        }
                                    }
                                }
                            },
                            "completion-watch");
            thread.start();
        }

        private void note(ConsumerRecord<byte[], byte[]> record) {
            byte[] value = record.value();
            if (value == null || indexOf(value, COMPLETED) < 0) {
                return;
            }
            long now = System.nanoTime();
            int n = Topics.jobNumber(record.key());
            long[] done = Topics.isWarmUpJob(record.key()) ? warmUpDone : measuredDone;
            if (done[n] != 0) {
                return;
            }
            done[n] = now;
            completed++;
            if (done == measuredDone) {
                endedMicros[n] = eventTime(value);
                handedMicros[n] = record.timestamp() * 1000;
            }
        }

        /** The event's own time, in microseconds; 0 for the minimal loop's, which has none. */
        private static long eventTime(byte[] value) {
            int at = indexOf(value, TIME);
            if (at < 0) {
                return 0;
            }
            int from = at + TIME.length;
            int to = from;
            while (value[to] != '"') {
                to++;
            }
            return micros(
                    Instant.parse(new String(value, from, to - from, StandardCharsets.UTF_8)));
        }

        void awaitCompleted(int count, Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (completed < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "only " + completed + " of " + count + " jobs completed");
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }

        // The arrays below are read once the watch is closed, which joins its thread.

        long[] measuredCompletions() {
            return measuredDone;
        }

        long[] endedMicros() {
            return endedMicros;
        }

        long[] handedMicros() {
            return handedMicros;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** Percentiles of one latency measurement, in milliseconds. */
    private record Latency(double p50, double p99) {

        /** Of jobs {@code from} to {@code to} (exclusive); a job whose time is NaN is left out. */
        static Latency of(int from, int to, IntToDoubleFunction millis) {
            double[] sorted =
                    IntStream.range(from, to)
                            .mapToDouble(millis)
                            .filter(value -> !Double.isNaN(value))
                            .sorted()
                            .toArray();
            return new Latency(percentile(sorted, 0.50), percentile(sorted, 0.99));
        }

        static Latency median(List<Latency> rounds) {
            return new Latency(
                    NoopThroughputBenchmark.median(rounds.stream().map(Latency::p50).toList()),
                    NoopThroughputBenchmark.median(rounds.stream().map(Latency::p99).toList()));
        }

        private static double percentile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
