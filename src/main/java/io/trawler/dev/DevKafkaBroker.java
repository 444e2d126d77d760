package io.trawler.dev;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one) that development mode starts in
 * the worker's own JVM when no cluster is configured, so that {@code ./mvnw quarkus:dev} works on a
 * machine with neither Docker nor Kafka.
 *
 * <p>It only exists in the development build profile, and the broker's jars are provided-scope
 * dependencies: neither is part of the packaged application or its image. It listens on {@value
 * #BOOTSTRAP} (the address the Kafka clients use when {@code kafka.bootstrap.servers} is not set)
 * and keeps its data under {@code dev-data/kafka}, so topics and offsets survive restarts and live
 * reloads. Setting {@code kafka.bootstrap.servers} (or {@code KAFKA_BOOTSTRAP_SERVERS}) uses that
 * cluster instead, and nothing is started.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevKafkaBroker {

    static final String BOOTSTRAP = "localhost:9092";
    private static final String CONTROLLER = "localhost:9093";
    private static final String CLUSTER_ID = "trawler-dev-cluster-0A";
    private static final Path DATA = Path.of("dev-data", "kafka");
    private static final Logger LOG = Logger.getLogger(DevKafkaBroker.class);

    private KafkaRaftServer server;

    // Before the history reader and the messaging channels, which connect to this broker.
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) StartupEvent event)
            throws Exception {
        if (ConfigProvider.getConfig()
                .getOptionalValue("kafka.bootstrap.servers", String.class)
                .isPresent()) {
            LOG.info("kafka.bootstrap.servers is set, the development broker is not started");
            return;
        }
        if (listening(BOOTSTRAP)) {
            throw new IllegalStateException(
                    "something already listens on "
                            + BOOTSTRAP
                            + "; set kafka.bootstrap.servers to use it, or stop it");
        }
        long started = System.nanoTime();
        KafkaConfig config = KafkaConfig.fromProps(properties());
        format();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.infof(
                "development Kafka broker started bootstrap=%s data=%s millis=%d",
                BOOTSTRAP, DATA.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 100) ShutdownEvent event) {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("development Kafka broker stopped");
        }
    }

    private static Properties properties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + CONTROLLER);
        props.put("listeners", "PLAINTEXT://" + BOOTSTRAP + ",CONTROLLER://" + CONTROLLER);
        props.put("advertised.listeners", "PLAINTEXT://" + BOOTSTRAP);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", DATA.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's default buffer takes 128 MiB of heap; a laptop broker needs little.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        return props;
    }

    private static void format() throws Exception {
        Files.createDirectories(DATA);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(CLUSTER_ID)
                .setDirectories(List.of(DATA.toAbsolutePath().toString()))
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setIgnoreFormatted(true)
                .run();
    }

    private static boolean listening(String address) {
        String[] hostPort = address.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
