package io.trawler.lifecycle;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for event and execution IDs. These must be unique, not unguessable, so
 * they come from the thread's own generator rather than {@link UUID#randomUUID()}, whose shared
 * secure generator costs a lock and a system call for every ID; a job takes four of them.
 */
final class RandomIds {

    private RandomIds() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
