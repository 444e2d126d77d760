package io.trawler.config;

/** The ID this worker puts on its events, containers and log lines. */
public record WorkerIdentity(String workerId) {}
