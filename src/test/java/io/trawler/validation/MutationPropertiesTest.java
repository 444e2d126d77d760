package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Properties that hold for any record, checked on thousands of random mutations of valid documents:
 * decoding and validation never throw, and every record ends as exactly one of a valid job or a
 * non-empty list of well-formed violations.
 *
 * <p>Each property draws its cases from a seeded random source. Set {@code -Dtrawler.mutation.seed}
 * to replay a failure and {@code -Dtrawler.mutation.cases} to run more cases per property.
 */
class MutationPropertiesTest {

    private static final long SEED = Long.getLong("trawler.mutation.seed", 20240501L);
    private static final int CASES = Integer.getInteger("trawler.mutation.cases", 1500);
    private static final List<ObjectNode> VALID =
            List.of(
                    JobDocument.docker("mutation-docker").tree(),
                    JobDocument.wasm("mutation-wasm").tree(),
                    JobDocument.noop("mutation-noop").tree());

    private final Pipeline pipeline = Pipeline.standard();

    @Test
    void structuralMutationsNeverThrowAndEndAsAJobOrViolations() {
        int refused = check(mutator -> mutator.mutateStructure(mutator.pick(VALID)), 0);

        assertThat(refused).as("mutations that were refused").isGreaterThan(CASES / 2);
    }

    @Test
    void truncatedFlippedAndSplicedBytesNeverThrowAndEndAsAJobOrViolations() {
        int refused =
                check(
                        mutator ->
                                mutator.mutateBytes(
                                        mutator.pick(VALID)
                                                .toString()
                                                .getBytes(StandardCharsets.UTF_8)),
                        1);

        assertThat(refused).as("mutations that were refused").isGreaterThan(CASES / 2);
    }

    @Test
    void theSameRecordAlwaysGetsTheSameOutcome() {
        DocumentMutator mutator = new DocumentMutator(new SplittableRandom(SEED + 2));
        for (int i = 0; i < CASES / 10; i++) {
            byte[] value = mutator.mutateStructure(mutator.pick(VALID));

            Pipeline.Outcome first = pipeline.run(value);
            Pipeline.Outcome second = pipeline.run(value.clone());

            assertThat(second.violations()).isEqualTo(first.violations());
            assertThat(second.job().isPresent()).isEqualTo(first.job().isPresent());
        }
    }

    /** Runs the cases one stream of the seed makes; returns how many were refused. */
    private int check(Function<DocumentMutator, byte[]> cases, int stream) {
        DocumentMutator mutator = new DocumentMutator(new SplittableRandom(SEED + stream));
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] value = cases.apply(mutator);
            Pipeline.Outcome outcome;
            try {
                outcome = pipeline.run(value);
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(describe(i, value) + " threw", e);
            }
            assertWellFormed(outcome, i, value);
            refused += outcome.job().isEmpty() ? 1 : 0;
        }
        return refused;
    }

    private static void assertWellFormed(Pipeline.Outcome outcome, int index, byte[] value) {
        if (outcome.job().isPresent() == !outcome.violations().isEmpty()) {
            fail(describe(index, value) + " ended as both or neither: " + outcome);
        }
        if (outcome.tombstone()) {
            fail(describe(index, value) + " was read as a tombstone");
        }
        for (Violation violation : outcome.violations()) {
            assertThat(violation.path()).as(describe(index, value)).startsWith("$");
            assertThat(violation.message())
                    .as(describe(index, value))
                    .isNotBlank()
                    .doesNotContainPattern("\\p{Cntrl}");
        }
        outcome.job().ifPresent(job -> assertWithinPolicy(job, index, value));
    }

    /** A job that passed has every value within the policy, whatever the mutation did. */
    private static void assertWithinPolicy(ValidatedJob job, int index, byte[] value) {
        ValidationPolicy policy = TestPolicies.standard();
        String where = describe(index, value);
        assertThat(job.resources().cpu())
                .as(where)
                .isGreaterThanOrEqualTo(policy.limits().minCpu());
        assertThat(job.resources().memory())
                .as(where)
                .isGreaterThanOrEqualTo(policy.limits().minMemory());
        assertThat(
                        policy.capacity()
                                .couldEverGrant(
                                        job.resources().cpu(),
                                        job.resources().memory(),
                                        job.resources().gpus()))
                .as(where)
                .isTrue();
        assertThat(job.timeout()).as(where).isPositive().isLessThanOrEqualTo(policy.maxTimeout());
    }

    private static String describe(int index, byte[] value) {
        String shown =
                Base64.getEncoder()
                        .encodeToString(value.length > 600 ? Arrays.copyOf(value, 600) : value);
        return "case "
                + index
                + " of seed "
                + SEED
                + " ("
                + value.length
                + " bytes, base64 "
                + shown
                + ")";
    }
}
