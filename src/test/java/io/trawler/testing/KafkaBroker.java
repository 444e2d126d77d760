package io.trawler.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.jboss.logging.Logger;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Kafka broker for tests: one container per test JVM, started on first use and removed when
 * the JVM exits.
 *
 * <p>Quarkus tests declare it with {@code @WithTestResource(KafkaBroker.class)} and get {@code
 * kafka.bootstrap.servers} pointing at it; plain JUnit tests call {@link #bootstrapServers()}.
 * Every caller shares the same broker, so each test should use its own topics and consumer groups.
 *
 * <p>The image is the one named by the system property {@value #IMAGE_PROPERTY} (the build sets
 * it), by default {@value #DEFAULT_IMAGE}, which {@code src/test/docker/kafka/build-image.sh}
 * builds as a stand-in for {@code apache/kafka}.
 *
 * <p>That image starts quickly rather than runs fast: its broker compiles with C1 only, in a small
 * heap with the serial collector. Benchmarks set {@value #TUNING_PROPERTY} to {@code benchmark} for
 * a broker that is fit to be measured against: the JVM settings Kafka's own scripts use, and its
 * data on a tmpfs, so that the kernel's writeback of hundreds of megabytes of log, which stalls the
 * broker for a moment every half minute, is not part of anyone's figures.
 */
public final class KafkaBroker implements QuarkusTestResourceLifecycleManager {

    /** The system property that names the broker image. */
    public static final String IMAGE_PROPERTY = "trawler-test.kafka-image";

    /** The image used when {@value #IMAGE_PROPERTY} is not set. */
    public static final String DEFAULT_IMAGE = "trawler-test/kafka:4.1.2";

    /** The system property that asks for a broker tuned for benchmarks. */
    public static final String TUNING_PROPERTY = "trawler-test.kafka-tuning";

    private static final String DATA_DIRECTORY = "/var/lib/kafka/data";

    /** The user the image's broker runs as, who must own the tmpfs. */
    private static final int BROKER_USER = 185;

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);

    /** Guarded by the class monitor; only ever set in the system class loader's copy. */
    private static KafkaContainer container;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives each Quarkus application: later tests in this JVM reuse it, and the
        // shutdown hook registered at start-up removes the container.
    }

    /**
     * Returns the shared broker's bootstrap servers ({@code host:port}), starting the broker if
     * this is the first call in the JVM.
     */
    public static String bootstrapServers() {
        // Quarkus loads test classes again in each application's class loader, which would give
        // every application a fresh static field and so a broker of its own. Asking the copy in
        // the system class loader keeps one broker for the whole JVM.
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (KafkaBroker.class.getClassLoader() == system) {
            return startOnce();
        }
        return bootstrapServersIn(system);
    }

    private static String bootstrapServersIn(ClassLoader loader) {
        Class<?> shared;
        try {
            shared = Class.forName(KafkaBroker.class.getName(), true, loader);
        } catch (ClassNotFoundException e) {
            // A launcher that keeps test classes off the system class path: share within this
            // class loader only.
            return startOnce();
        }
        // Testcontainers finds its service implementations through the context class loader,
        // which must be the loader its own classes came from.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return (String) shared.getMethod("bootstrapServers").invoke(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the Kafka test broker did not start", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the shared Kafka test broker", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static synchronized String startOnce() {
        if (container == null) {
            container = startContainer(image());
        }
        return container.getBootstrapServers();
    }

    private static KafkaContainer startContainer(DockerImageName image) {
        long started = System.nanoTime();
        KafkaContainer broker = new KafkaContainer(image);
        if ("benchmark".equals(System.getProperty(TUNING_PROPERTY))) {
            broker.withEnv("KAFKA_HEAP_OPTS", "-Xms1g -Xmx1g")
                    .withEnv(
                            "KAFKA_JVM_PERFORMANCE_OPTS",
                            "-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20"
                                    + " -XX:InitiatingHeapOccupancyPercent=35"
                                    + " -XX:+ExplicitGCInvokesConcurrent")
                    .withEnv("KAFKA_LOG_DIRS", DATA_DIRECTORY)
                    .withTmpFs(Map.of(DATA_DIRECTORY, "rw,uid=" + BROKER_USER))
                    .withEnv("KAFKA_OPTS", System.getProperty("trawler-test.kafka-opts", ""));
        }
        // Ryuk, Testcontainers' reaper, is disabled here because its image cannot be pulled,
        // so nothing but this class removes the container, whether it started or not.
        try {
            broker.start();
        } catch (RuntimeException e) {
            broker.stop();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-test-broker-stop"));

        LOG.infof(
                "kafka test broker started image=%s bootstrapServers=%s elapsedMs=%d",
                image.asCanonicalNameString(),
                broker.getBootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return broker;
    }

    static DockerImageName image() {
        return DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("apache/kafka");
    }
}
