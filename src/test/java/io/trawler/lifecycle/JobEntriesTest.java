package io.trawler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobEntriesTest {

    private final JobEntries entries = new JobEntries();

    @Test
    void holdsNothingForAJobNeverStored() {
        assertThat(entries.get("never-stored")).isEqualTo(JobEntries.ABSENT);
        assertThat(entries.size()).isZero();
    }

    @Test
    void mergesWhatIsStoredWithWhatComesNext() {
        entries.merge("job-1", 17, Math::max);
        entries.merge("job-1", 9, Math::max);
        entries.merge("job-1", 21, Math::max);

        assertThat(entries.get("job-1")).isEqualTo(21);
        assertThat(entries.size()).isEqualTo(1);
    }

    @Test
    void forgetsARemovedJob() {
        entries.merge("job-2", 8, Math::max);

        entries.remove("job-2");

        assertThat(entries.get("job-2")).isEqualTo(JobEntries.ABSENT);
        assertThat(entries.size()).isZero();
    }

    @Test
    void aJobThatSharesTheLocatingBitsOfAnotherIsNotTakenForIt() {
        JobEntries colliding = new JobEntries(jobId -> 42L);

        colliding.merge("job-a", 8, Math::max);

        assertThat(colliding.get("job-b")).isEqualTo(JobEntries.ABSENT);
        assertThat(colliding.get("job-a")).isEqualTo(8);
    }

    @Test
    void theLaterOfTwoJobsSharingTheLocatingBitsTakesTheEntry() {
        JobEntries colliding = new JobEntries(jobId -> 42L);

        colliding.merge("job-a", 30, Math::max);
        colliding.merge("job-b", 9, Math::max);

        assertThat(colliding.get("job-b")).isEqualTo(9);
        assertThat(colliding.get("job-a")).isEqualTo(JobEntries.ABSENT);
    }

    @Test
    void removingAJobLeavesTheEntryOfAnotherWithTheSameLocatingBits() {
        JobEntries colliding = new JobEntries(jobId -> 42L);
        colliding.merge("job-a", 8, Math::max);

        colliding.remove("job-b");

        assertThat(colliding.get("job-a")).isEqualTo(8);
    }

    @Test
    void keepsEveryJobWhenTheTablesGrow() {
        for (int n = 0; n < 300_000; n++) {
            entries.merge("grown-" + n, 8 + n % 8, Math::max);
        }

        assertThat(entries.size()).isEqualTo(300_000);
        for (int n = 0; n < 300_000; n++) {
            assertThat(entries.get("grown-" + n)).isEqualTo(8 + n % 8);
        }
    }

    @Test
    void everyShardTakesAShareAndTheSharesDoubleFromFirstToLast() {
        byte[] shardOfSlot = JobEntries.shardOfSlot();
        int[] slots = new int[64];
        for (byte shard : shardOfSlot) {
            slots[shard]++;
        }

        for (int shard = 1; shard < slots.length; shard++) {
            // Whole slots: a share may come out one slot short of its smaller neighbour's.
            assertThat(slots[shard]).isGreaterThanOrEqualTo(slots[shard - 1] - 1);
        }
        assertThat(slots[0]).isPositive();
        assertThat((double) slots[63] / slots[0]).isBetween(1.8, 2.2);
    }
}
