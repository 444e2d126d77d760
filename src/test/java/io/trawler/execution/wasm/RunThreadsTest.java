package io.trawler.execution.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunThreadsTest {

    private final List<RunThreads> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(RunThreads::close);
    }

    @Test
    void runsTheNextWorkOnTheThreadTheLastOneLeft() throws Exception {
        RunThreads threads = pool(1, Duration.ofMinutes(1));

        Thread first = runAndWait(threads, Thread::currentThread);
        Thread second = runAndWait(threads, Thread::currentThread);

        assertThat(second).isSameAs(first);
        assertThat(threads.threadsStarted()).isEqualTo(1);
    }

    @Test
    void namesTheThreadForTheWorkAndRestoresItsNameAfter() throws Exception {
        RunThreads threads = pool(1, Duration.ofMinutes(1));
        CompletableFuture<Thread> thread = new CompletableFuture<>();

        String during = runAndWait(threads, () -> currentName(thread));

        assertThat(during).isEqualTo("named-for-the-work");
        assertThat(thread.join().getName()).isEqualTo("trawler-wasm-idle-1");
    }

    @Test
    void clearsAnInterruptTheLastWorkLeftBeforeTheNextWorkRuns() throws Exception {
        RunThreads threads = pool(1, Duration.ofMinutes(1));
        runAndWait(
                threads,
                () -> {
                    Thread.currentThread().interrupt();
                    return null;
                });

        boolean interrupted = runAndWait(threads, () -> Thread.currentThread().isInterrupted());

        assertThat(interrupted).isFalse();
        assertThat(threads.threadsStarted()).isEqualTo(1);
    }

    @Test
    void handsTheResultOnOnlyOnceTheThreadIsBackInThePool() throws Exception {
        RunThreads threads = pool(1, Duration.ofMinutes(1));
        CompletableFuture<Integer> idleWhenDone = new CompletableFuture<>();

        threads.run("work", () -> "result", result -> idleWhenDone.complete(threads.idleThreads()));

        assertThat(idleWhenDone.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void startsAThreadForEveryRunThatFindsNoneIdleAndKeepsOnlyMaxIdleWaitingAfter()
            throws Exception {
        RunThreads threads = pool(1, Duration.ofMinutes(1));
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Thread>> ran = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Thread> thread = new CompletableFuture<>();
            ran.add(thread);
            threads.run("blocked-" + i, () -> awaitRelease(release), thread::complete);
        }
        long startedWhileBlocked = threads.threadsStarted();

        release.countDown();
        List<Thread> used = new ArrayList<>();
        for (CompletableFuture<Thread> thread : ran) {
            used.add(thread.get(10, TimeUnit.SECONDS));
        }

        assertThat(startedWhileBlocked).isEqualTo(3);
        assertThat(used).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> used.stream().filter(Thread::isAlive).count() == 1);
        assertThat(threads.idleThreads()).isEqualTo(1);
    }

    @Test
    void endsAThreadThatWaitedLongerThanItsKeepAlive() throws Exception {
        RunThreads threads = pool(1, Duration.ofMillis(50));
        Thread first = runAndWait(threads, Thread::currentThread);

        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isAlive());
        Thread second = runAndWait(threads, Thread::currentThread);

        assertThat(threads.idleThreads()).isEqualTo(1);
        assertThat(second).isNotSameAs(first);
        assertThat(threads.threadsStarted()).isEqualTo(2);
    }

    @Test
    void closingEndsTheWaitingThreads() throws Exception {
        RunThreads threads = pool(1, Duration.ofMinutes(1));
        Thread thread = runAndWait(threads, Thread::currentThread);

        threads.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
        assertThat(threads.idleThreads()).isZero();
    }

    private RunThreads pool(int maxIdle, Duration keepAlive) {
        RunThreads threads = new RunThreads(maxIdle, keepAlive);
        pools.add(threads);
        return threads;
    }

    private static <T> T runAndWait(RunThreads threads, Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        threads.run("named-for-the-work", work, result::complete);
        return result.get(10, TimeUnit.SECONDS);
    }

    private static String currentName(CompletableFuture<Thread> thread) {
        thread.complete(Thread.currentThread());
        return Thread.currentThread().getName();
    }

    private static Thread awaitRelease(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Thread.currentThread();
    }
}
