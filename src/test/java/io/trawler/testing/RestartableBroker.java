package io.trawler.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A Kafka broker of its own for fault tests, on a fixed host port so that clients find it again
 * after it was stopped and started. The shared {@link KafkaBroker} stays untouched by these tests.
 */
public final class RestartableBroker implements AutoCloseable {

    private final KafkaContainer container;
    private final int port;

    public RestartableBroker() {
        this.port = freePort();
        this.container =
                new KafkaContainer(KafkaBroker.image())
                        .withCreateContainerCmdModifier(
                                cmd ->
                                        cmd.getHostConfig()
                                                .withPortBindings(
                                                        new PortBinding(
                                                                Ports.Binding.bindPort(port),
                                                                new ExposedPort(9092))));
        container.start();
    }

    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    /** Creates topics with the given partition counts. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        try (Admin admin = admin()) {
            List<NewTopic> topics =
                    partitionsByTopic.entrySet().stream()
                            .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                            .toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topics not created", e);
        }
    }

    /** Stops the broker, waits {@code down}, starts it again and waits until it serves. */
    public void restart(Duration down) {
        var docker = container.getDockerClient();
        docker.stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
        Awaitility.await().pollDelay(down).atMost(down.plusSeconds(1)).until(() -> true);
        docker.startContainerCmd(container.getContainerId()).exec();
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(this::serves);
    }

    private boolean serves() throws Exception {
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        }
    }

    private Admin admin() {
        return Admin.create(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    @Override
    public void close() {
        container.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
