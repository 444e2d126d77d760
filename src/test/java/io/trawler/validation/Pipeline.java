package io.trawler.validation;

import io.trawler.intake.DecodeResult;
import io.trawler.intake.DecodingLimits;
import io.trawler.intake.RecordDecoder;
import io.trawler.job.Job;
import java.util.List;
import java.util.Optional;

/** Decoding and validation as intake runs them, for tests: bytes in, a job or violations out. */
public final class Pipeline {

    /** What became of one record. */
    public record Outcome(
            Optional<ValidatedJob> job, List<Violation> violations, boolean tombstone) {

        public List<ViolationCode> codes() {
            return violations.stream().map(Violation::code).toList();
        }
    }

    private final RecordDecoder decoder;
    private final JobValidator validator;

    public Pipeline(ValidationPolicy policy) {
        this(DecodingLimits.defaults(), policy);
    }

    public Pipeline(DecodingLimits limits, ValidationPolicy policy) {
        this.decoder = new RecordDecoder(limits);
        this.validator = new JobValidator(policy);
    }

    public static Pipeline standard() {
        return new Pipeline(TestPolicies.standard());
    }

    public JobValidator validator() {
        return validator;
    }

    public Outcome run(JobDocument document) {
        return run(document.bytes());
    }

    public Outcome run(byte[] value) {
        DecodeResult decoded = decoder.decode(value);
        if (decoded instanceof DecodeResult.Tombstone) {
            return new Outcome(Optional.empty(), List.of(), true);
        }
        if (decoded instanceof DecodeResult.Undecodable undecodable) {
            return new Outcome(Optional.empty(), List.of(undecodable.violation()), false);
        }
        Job job = ((DecodeResult.Decoded) decoded).job();
        String jobId =
                job.metadata() == null || job.metadata().id() == null
                        ? "jobs-0-0"
                        : job.metadata().id();
        ValidationResult result = validator.validate(jobId, job);
        if (result instanceof ValidationResult.Invalid invalid) {
            return new Outcome(Optional.empty(), invalid.violations(), false);
        }
        return new Outcome(Optional.of(((ValidationResult.Valid) result).job()), List.of(), false);
    }
}
