package io.trawler.execution.wasm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The threads wasm runs run on. A run takes an idle thread when there is one and starts a new one
 * when there is not, so no run ever waits for a thread. After its run, a thread waits for the next
 * one for a while, unless as many threads wait already, and then ends.
 *
 * <p>A thread goes back to waiting with its interrupt flag cleared and its name restored, and only
 * then is the run's result handed on: by the time anyone learns that a run ended, its thread runs
 * nothing of it and is ready for the next run. Thread-safe.
 */
final class RunThreads implements AutoCloseable {

    private final int maxIdle;
    private final Duration keepAlive;
    private final AtomicLong started = new AtomicLong();

    /** The threads waiting for a run, the one that ran last first. Guarded by itself. */
    private final Deque<Worker> idle = new ArrayDeque<>();

    private boolean closed;

    /**
     * @param maxIdle the most threads kept waiting for a run
     * @param keepAlive how long a thread waits for its next run before it ends
     */
    RunThreads(int maxIdle, Duration keepAlive) {
        if (maxIdle < 0) {
            throw new IllegalArgumentException("maxIdle must not be negative, got " + maxIdle);
        }
        this.maxIdle = maxIdle;
        this.keepAlive = keepAlive;
    }

    /**
     * Runs {@code work} on a thread of this pool, named {@code name} meanwhile, then hands its
     * result to {@code whenDone} on the same thread once that thread is back in the pool. Returns
     * at once. Neither may throw: failures belong in the result.
     */
    <T> void run(String name, Supplier<T> work, Consumer<T> whenDone) {
        Worker worker;
        synchronized (idle) {
            worker = idle.pollFirst();
        }
        if (worker == null) {
            worker = new Worker(started.incrementAndGet());
        }
        worker.hand(new Task<>(name, work, whenDone));
    }

    /** How many threads this pool started since it was made. */
    long threadsStarted() {
        return started.get();
    }

    /** How many threads wait for a run now. */
    int idleThreads() {
        synchronized (idle) {
            return idle.size();
        }
    }

    /** Ends the waiting threads; threads still running a run end after it. */
    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
            idle.forEach(Worker::end);
            idle.clear();
        }
    }

    private void giveBack(Worker worker) {
        synchronized (idle) {
            if (!closed && idle.size() < maxIdle) {
                idle.addFirst(worker);
                return;
            }
        }
        worker.end();
    }

    /** Whether this worker was still idle and is now removed, so that it may end. */
    private boolean retire(Worker worker) {
        synchronized (idle) {
            return idle.remove(worker);
        }
    }

    private record Task<T>(String name, Supplier<T> work, Consumer<T> whenDone) {}

    private final class Worker {

        /** At most one task: a worker is handed a task only when taken out of the idle ones. */
        private final BlockingQueue<Task<?>> mailbox = new ArrayBlockingQueue<>(1);

        private final Thread thread;
        private volatile boolean ending;

        Worker(long number) {
            this.thread = new Thread(this::loop, "trawler-wasm-idle-" + number);
            thread.setDaemon(true);
            thread.start();
        }

        void hand(Task<?> task) {
            mailbox.add(task);
        }

        void end() {
            ending = true;
            if (Thread.currentThread() != thread) {
                thread.interrupt();
            }
        }

        private void loop() {
            while (true) {
                Task<?> task = next();
                if (task == null) {
                    return;
                }
                perform(task);
                if (ending) {
                    return;
                }
            }
        }

        /** The next task, or null once this worker waited long enough or was ended. */
        private Task<?> next() {
            while (true) {
                try {
                    Task<?> task = mailbox.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
                    if (task != null || retire(this)) {
                        return task;
                    }
                    // Taken for a run just as the wait ran out: that run's task is on its way.
                } catch (InterruptedException e) {
                    if (ending) {
                        return mailbox.poll();
                    }
                }
            }
        }

        private <T> void perform(Task<T> task) {
            String idleName = thread.getName();
            // An interrupt meant for an earlier run must not reach this one.
            Thread.interrupted();
            thread.setName(task.name());
            T result;
            try {
                result = task.work().get();
            } finally {
                thread.setName(idleName);
                Thread.interrupted();
            }
            // Only a thread whose work returned goes back: one that threw ends with it.
            giveBack(this);
            task.whenDone().accept(result);
        }
    }
}
