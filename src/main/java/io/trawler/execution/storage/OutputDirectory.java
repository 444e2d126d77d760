package io.trawler.execution.storage;

import java.nio.file.Path;

/**
 * A fresh, empty host directory that one output of a job is written into. Executors make it visible
 * to the job read-write; {@link JobWorkspace#publish} collects it after the run.
 *
 * @param name the output's name, safe to use as a directory name
 * @param hostPath the directory on the host
 * @param jobPath where the job sees it: an absolute, normalised path
 */
public record OutputDirectory(String name, Path hostPath, String jobPath) {}
