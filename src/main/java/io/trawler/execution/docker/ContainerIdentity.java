package io.trawler.execution.docker;

import io.trawler.execution.ExecutionRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The name and labels of the container of one attempt of a job.
 *
 * <p>The name depends on the job ID and the attempt only, not on the worker or the execution, so
 * the engine itself refuses to create a second container for an attempt that already has one. The
 * labels say which worker made it, so that a worker can find and remove what an earlier run of it
 * left behind.
 */
record ContainerIdentity(String name, Map<String, String> labels) {

    static final String JOB_ID = "io.trawler.job-id";
    static final String ATTEMPT = "io.trawler.attempt";
    static final String WORKER_ID = "io.trawler.worker-id";
    static final String EXECUTION_ID = "io.trawler.execution-id";

    static ContainerIdentity of(ExecutionRequest request) {
        return new ContainerIdentity(
                name(request.jobId(), request.attempt()),
                Map.of(
                        JOB_ID, request.jobId(),
                        ATTEMPT, Integer.toString(request.attempt()),
                        WORKER_ID, request.workerId(),
                        EXECUTION_ID, request.executionId()));
    }

    /**
     * {@code trawler-<jobId>-<attempt>}. Characters the engine does not allow in names become
     * {@code _}, and then a short hash of the real job ID keeps two IDs that differ only there
     * apart.
     */
    static String name(String jobId, int attempt) {
        String safe = jobId.replaceAll("[^A-Za-z0-9_.-]", "_");
        String suffix = safe.equals(jobId) ? "" : "-" + shortHash(jobId);
        return "trawler-" + safe + suffix + "-" + attempt;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
