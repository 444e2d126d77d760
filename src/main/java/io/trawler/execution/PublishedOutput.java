package io.trawler.execution;

/**
 * One output of a job after it was published.
 *
 * @param name the output's name from its storage spec
 * @param path where the job wrote it, inside the job
 * @param sizeBytes the total size of its files
 * @param fileCount how many files it holds
 * @param location where it was published (a URI), or empty when its publisher keeps nothing
 */
public record PublishedOutput(
        String name, String path, long sizeBytes, int fileCount, String location) {}
