package io.trawler.execution;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the worker's own pools: daemon threads, named so a thread dump says whose.
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** Threads named {@code prefix} followed by 1, 2, 3…; they never keep the JVM alive. */
    public static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
