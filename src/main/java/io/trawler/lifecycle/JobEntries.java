package io.trawler.lifecycle;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.security.SecureRandom;
import java.util.function.IntBinaryOperator;
import java.util.function.ToLongFunction;
import org.agrona.collections.Long2LongHashMap;

/**
 * The job history's entries: one packed, non-zero int per job ID, kept under a fingerprint of the
 * ID in tables of primitive longs rather than in maps of objects.
 *
 * <p>A worker's history holds every job the status topic retains, hundreds of thousands after a
 * busy day of short jobs, and it gains an entry with every job. Kept as strings in hash maps, each
 * entry was several objects, about 100 bytes, and every entry added marked a card of the old
 * generation that the next young collection had to scan: in a run of noop jobs this made the
 * worker's young pauses twice as long as without a history. Here an entry is one slot of two longs,
 * about 35 bytes with the tables' spare room, and the collector has nothing in it to visit.
 *
 * <p>A job ID's fingerprint is 64 bits of SipHash-2-4, under keys drawn at random when the worker
 * starts, which find the entry; and the ID's own 32-bit hash code, which confirms it. Producers
 * choose job IDs, and the secret keys keep anyone from choosing IDs whose 64 bits meet. Two
 * different IDs share a fingerprint with a chance of one in 2^96, about one in 10^15 for a history
 * of ten million jobs.
 *
 * <p>Limitation: when two job IDs share the 64 bits that find an entry but not the 32 that confirm
 * it, which for ten million jobs happens with a chance of a few in a million, the later one takes
 * the entry and the history forgets the earlier job: a second submission of it would run again.
 *
 * <p>The entries are spread over shards, each with its own lock. A table that outgrows itself is
 * copied whole by the thread that adds to it, often the status producer's, which then acknowledges
 * nothing until the copy is done; one table of 400,000 jobs took tens of milliseconds to copy, and
 * every job in flight waited. Each shard is a small part of the whole, and the shards grow at
 * different totals, spread over every doubling of the history (see {@link #shardOfSlot()}).
 */
final class JobEntries {

    /** What {@link #get} returns for a job it holds no entry for. */
    static final int ABSENT = 0;

    private static final int SHARDS = 64;

    /** Bits of a fingerprint that pick its slot in {@link #SHARD_OF_SLOT}. */
    private static final int SLOT_BITS = 12;

    private static final byte[] SHARD_OF_SLOT = shardOfSlot();

    /** The 64 bits of a job ID's fingerprint that find its entry. */
    private final ToLongFunction<String> locator;

    private final Shard[] shards = new Shard[SHARDS];

    JobEntries() {
        this(sipHash());
    }

    JobEntries(ToLongFunction<String> locator) {
        this.locator = locator;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard();
        }
    }

    private static ToLongFunction<String> sipHash() {
        SecureRandom random = new SecureRandom();
        HashFunction function = Hashing.sipHash24(random.nextLong(), random.nextLong());
        return jobId -> function.hashUnencodedChars(jobId).asLong();
    }

    /** The job's packed entry, or {@link #ABSENT}. */
    int get(String jobId) {
        long key = locator.applyAsLong(jobId);
        return shardOf(key).get(key, confirmation(jobId));
    }

    /**
     * Stores {@code packed} for the job, or, when it has an entry, what {@code merge} makes of the
     * entry and {@code packed}, in that order. Neither may be {@link #ABSENT}.
     */
    void merge(String jobId, int packed, IntBinaryOperator merge) {
        long key = locator.applyAsLong(jobId);
        shardOf(key).merge(key, confirmation(jobId), packed, merge);
    }

    void remove(String jobId) {
        long key = locator.applyAsLong(jobId);
        shardOf(key).remove(key, confirmation(jobId));
    }

    /** Jobs with an entry. */
    int size() {
        int size = 0;
        for (Shard shard : shards) {
            size += shard.size();
        }
        return size;
    }

    private static int confirmation(String jobId) {
        return jobId.hashCode();
    }

    private Shard shardOf(long key) {
        return shards[SHARD_OF_SLOT[(int) (key >>> (Long.SIZE - SLOT_BITS))]];
    }

    /**
     * Deals the slots of the fingerprint space out to the shards unevenly: shard {@code i} takes a
     * share proportional to {@code 2^(i / SHARDS)}, so the shares double from the first shard to
     * the last. With equal shares all shards would outgrow their tables at about the same total,
     * and their copies would come together; with these, the totals at which shards grow are spread
     * evenly over every doubling of the history, one small copy at a time.
     */
    static byte[] shardOfSlot() {
        double[] shares = new double[SHARDS];
        double sum = 0;
        for (int i = 0; i < SHARDS; i++) {
            shares[i] = Math.pow(2, (double) i / SHARDS);
            sum += shares[i];
        }
        byte[] shardOfSlot = new byte[1 << SLOT_BITS];
        double bound = shares[0] / sum;
        int shard = 0;
        for (int slot = 0; slot < shardOfSlot.length; slot++) {
            while ((slot + 0.5) / shardOfSlot.length > bound && shard < SHARDS - 1) {
                shard++;
                bound += shares[shard] / sum;
            }
            shardOfSlot[slot] = (byte) shard;
        }
        return shardOfSlot;
    }

    /**
     * One table of entries under its own lock. A slot's value holds the confirming 32 bits of the
     * fingerprint above the packed entry; no value is zero, because no packed entry is.
     */
    private static final class Shard {

        private static final long MISSING = 0;
        private final Long2LongHashMap table = new Long2LongHashMap(16, 0.65f, MISSING);

        synchronized int get(long key, int confirmation) {
            long value = table.get(key);
            return value != MISSING && confirmationOf(value) == confirmation
                    ? packedOf(value)
                    : ABSENT;
        }

        synchronized void merge(long key, int confirmation, int packed, IntBinaryOperator merge) {
            long value = table.get(key);
            // Another job's entry under the same key is replaced: see the class's limitation.
            int merged =
                    value != MISSING && confirmationOf(value) == confirmation
                            ? merge.applyAsInt(packedOf(value), packed)
                            : packed;
            long mergedValue = (long) confirmation << Integer.SIZE | merged & 0xFFFF_FFFFL;
            // Most events change nothing: each of this worker's own comes once acknowledged and
            // once read back. The table is only written when the entry changes.
            if (mergedValue != value) {
                table.put(key, mergedValue);
            }
        }

        synchronized void remove(long key, int confirmation) {
            long value = table.get(key);
            if (value != MISSING && confirmationOf(value) == confirmation) {
                table.remove(key);
            }
        }

        synchronized int size() {
            return table.size();
        }

        private static int confirmationOf(long value) {
            return (int) (value >>> Integer.SIZE);
        }

        private static int packedOf(long value) {
            return (int) value;
        }
    }
}
