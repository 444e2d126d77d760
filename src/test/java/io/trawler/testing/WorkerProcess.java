package io.trawler.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged worker ({@code target/quarkus-app/quarkus-run.jar}) started as a process of its own,
 * as an operator runs it, so that tests can stop it with SIGTERM or kill it with SIGKILL. Its
 * output goes to {@code target/worker-logs/<worker id>-<n>.log}.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path LOGS = Path.of("target", "worker-logs");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String workerId;
    private final Process process;
    private final int httpPort;
    private final Path log;

    private WorkerProcess(String workerId, Process process, int httpPort, Path log) {
        this.workerId = workerId;
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts a worker with these settings and waits until it reports ready. */
    public static WorkerProcess start(String workerId, Map<String, String> settings) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the tests with ./mvnw verify");
        }
        int port = freePort();
        List<String> command = javaCommand();
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dtrawler.worker.id=" + workerId);
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(JAR.toString());
        try {
            Files.createDirectories(LOGS);
            Path log = nextLog(workerId);
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            WorkerProcess worker = new WorkerProcess(workerId, process, port, log);
            worker.awaitReady(Duration.ofSeconds(90));
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The java command, with its JVM options, that workers are started with, for other processes
     * that should run as a worker does: a small heap, as several workers share the machine in
     * tests; the serial collector; and the tenuring of the image (see {@code
     * src/main/docker/Dockerfile.jvm}). The system property {@code trawler-test.worker-jvm-options}
     * adds more, for example a flight recording while profiling.
     */
    public static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:MaxTenuringThreshold=1");
        for (String option : System.getProperty("trawler-test.worker-jvm-options", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        return command;
    }

    public String workerId() {
        return workerId;
    }

    public Path log() {
        return log;
    }

    /** The operating system's ID of the worker's process. */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: the worker dies at once, with no chance to publish or commit anything. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, then waits for the worker's graceful shutdown; returns its exit code. */
    public int stop(Duration patience) {
        process.destroy();
        return waitForExit(patience);
    }

    /** The body of an HTTP GET on the worker's management paths, for example /q/metrics. */
    public String get(String path) {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                            .timeout(Duration.ofSeconds(10))
                            .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitReady(Duration patience) {
        try {
            await().atMost(patience)
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                if (!process.isAlive()) {
                                    throw new IllegalStateException(
                                            "worker " + workerId + " exited; see " + log);
                                }
                                return ready();
                            });
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "worker " + workerId + " not ready in time; see " + log, e);
        }
    }

    private boolean ready() {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + httpPort + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2))
                            .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int waitForExit(Duration patience) {
        try {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path nextLog(String workerId) {
        for (int n = 1; ; n++) {
            Path candidate = LOGS.resolve(workerId + "-" + n + ".log");
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
