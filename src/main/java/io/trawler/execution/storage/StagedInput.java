package io.trawler.execution.storage;

import java.nio.file.Path;

/**
 * One input of a job, ready on the host. Executors make it visible to the job read-only.
 *
 * @param name the input's name from its storage spec, or {@code input-<index>} when it has none
 * @param hostPath the file or directory on the host, with symbolic links resolved
 * @param jobPath where the job sees it: an absolute, normalised path
 */
public record StagedInput(String name, Path hostPath, String jobPath) {}
