package io.trawler.validation;

import io.trawler.job.Deal;
import io.trawler.job.EngineParams;
import io.trawler.job.Job;
import io.trawler.job.LabelSelectorRequirement;
import io.trawler.job.Spec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a job document against the contract and the operator's policy, and either types it into a
 * {@link ValidatedJob} or lists everything wrong with it, each with a stable {@link ViolationCode},
 * the JSON path of the field and a message a producer can act on. It never throws for bad input,
 * and it is safe to share between threads.
 *
 * <p>Placement is a separate question, asked by {@link #checkPlacement}: whether this worker's
 * labels meet the job's node selectors. {@link #validate} checks only that the selectors are
 * well-formed, so a malformed selector is always a rejection, while a well-formed one that this
 * worker does not match says nothing against the document: another worker may run it. What to do
 * with such a job (reject it, or pass it to a topic that other workers read) is the caller's
 * decision, and keeping the two methods apart keeps that decision out of validation.
 */
public final class JobValidator {

    private static final Set<String> API_VERSIONS = Set.of("v1beta1", "v1beta2");
    private static final Pattern JOB_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");
    private static final BigDecimal SMALLEST_TIMEOUT = new BigDecimal("0.001");
    private static final Set<String> TARGET_ANY = Set.of("any", "false");
    private static final Set<String> TARGET_ALL = Set.of("all", "true");

    private final ValidationPolicy policy;
    private final EngineChecks engines;
    private final ResourceChecks resources;
    private final NetworkChecks network;
    private final StorageChecks storage;
    private final NodeSelectorMatcher matcher;

    public JobValidator(ValidationPolicy policy) {
        this.policy = policy;
        ProcessChecks process = new ProcessChecks(policy.limits());
        this.storage = new StorageChecks(policy.storage());
        this.engines =
                new EngineChecks(
                        policy.enabledEngines(),
                        new DockerChecks(policy.images(), process),
                        new WasmChecks(storage, process));
        this.resources = new ResourceChecks(policy);
        this.network = new NetworkChecks(policy.allowNetworkedJobs());
        this.matcher = new NodeSelectorMatcher(policy.workerLabels());
    }

    /** Validates {@code job}, to be known as {@code jobId}. */
    public ValidationResult validate(String jobId, Job job) {
        Violations violations = new Violations();
        if (job == null) {
            violations.add(
                    ViolationCode.MALFORMED_DOCUMENT, JsonPath.ROOT, "there is no job document");
            return new ValidationResult.Invalid(violations.list());
        }
        checkApiVersion(job.apiVersion(), violations);
        checkJobId(jobId, violations);
        Spec spec = job.spec();
        if (spec == null) {
            violations.add(
                    ViolationCode.MISSING_SPEC, JsonPath.ROOT.field("Spec"), "Spec is missing");
            return new ValidationResult.Invalid(violations.list());
        }

        Optional<EngineParams> engine = engines.check(spec.engineSpec(), violations);
        ResourceRequest resourceRequest = resources.check(spec.resources(), violations);
        network.check(spec.network(), violations);
        Duration timeout = checkTimeout(spec.timeout(), violations);
        storage.checkVolumes(spec.inputs(), spec.outputs(), violations);
        NodeSelectorChecks.check(spec.nodeSelectors(), violations);
        checkDeal(spec.deal(), violations);

        if (!violations.isEmpty()) {
            return new ValidationResult.Invalid(violations.list());
        }
        return new ValidationResult.Valid(
                new ValidatedJob(jobId, job, engine.orElseThrow(), resourceRequest, timeout));
    }

    /**
     * Whether this worker's labels ({@code trawler.worker.labels}) meet the node selectors of a
     * job, as one {@link ViolationCode#NODE_SELECTOR_MISMATCH} per requirement it does not meet. An
     * empty list means this worker may run the job. Ask it of a job that {@link #validate}
     * accepted; a malformed requirement is never met.
     */
    public List<Violation> checkPlacement(Job job) {
        if (job == null || job.spec() == null) {
            return List.of();
        }
        List<LabelSelectorRequirement> selectors = job.spec().nodeSelectors();
        JsonPath path = JsonPath.ROOT.field("Spec").field("NodeSelectors");
        List<Violation> mismatches = new ArrayList<>();
        for (int index : matcher.unmet(selectors)) {
            LabelSelectorRequirement selector = selectors.get(index);
            mismatches.add(
                    new Violation(
                            ViolationCode.NODE_SELECTOR_MISMATCH,
                            path.index(index).text(),
                            mismatchMessage(selector)));
        }
        return List.copyOf(mismatches);
    }

    private String mismatchMessage(LabelSelectorRequirement selector) {
        if (selector == null) {
            return "a null node selector is never met";
        }
        String has =
                matcher.label(selector.key())
                        .map(
                                value ->
                                        "has "
                                                + Violations.quote(selector.key())
                                                + "="
                                                + Violations.quote(value))
                        .orElse("has no label " + Violations.quote(selector.key()));
        return "this worker "
                + has
                + ", which does not meet "
                + Violations.quote(selector.operator())
                + " "
                + selector.values().stream().map(Violations::quote).toList();
    }

    private static void checkApiVersion(String apiVersion, Violations violations) {
        if (apiVersion == null || !API_VERSIONS.contains(apiVersion.toLowerCase(Locale.ROOT))) {
            violations.add(
                    ViolationCode.UNSUPPORTED_API_VERSION,
                    JsonPath.ROOT.field("APIVersion"),
                    "APIVersion must be V1beta1 or V1beta2, got " + Violations.quote(apiVersion));
        }
    }

    private static void checkJobId(String jobId, Violations violations) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            violations.add(
                    ViolationCode.INVALID_JOB_ID,
                    JsonPath.ROOT.field("Metadata").field("ID"),
                    "job ID must be 1 to 128 characters of letters, digits and . _ : -, starting"
                            + " with a letter or digit; got "
                            + Violations.quote(jobId));
        }
    }

    private Duration checkTimeout(BigDecimal timeout, Violations violations) {
        if (timeout == null || timeout.signum() == 0) {
            return policy.defaultTimeout();
        }
        BigDecimal maxSeconds = BigDecimal.valueOf(policy.maxTimeout().toMillis()).movePointLeft(3);
        if (timeout.compareTo(SMALLEST_TIMEOUT) < 0 || timeout.compareTo(maxSeconds) > 0) {
            violations.add(
                    ViolationCode.INVALID_TIMEOUT,
                    JsonPath.ROOT.field("Spec").field("Timeout"),
                    "Timeout must be 0 (the default of "
                            + policy.defaultTimeout().toSeconds()
                            + " s) or from 0.001 to "
                            + maxSeconds.toPlainString()
                            + " seconds, got "
                            + Violations.shown(timeout.toString(), 40));
            return policy.defaultTimeout();
        }
        return Duration.ofMillis(timeout.movePointRight(3).longValue());
    }

    private static void checkDeal(Deal deal, Violations violations) {
        if (deal == null) {
            return;
        }
        JsonPath path = JsonPath.ROOT.field("Spec").field("Deal");
        if (deal.concurrency() < 0 || deal.confidence() < 0 || deal.minBids() < 0) {
            violations.add(
                    ViolationCode.INVALID_DEAL,
                    path,
                    "Concurrency, Confidence and MinBids cannot be negative");
        }
        if (deal.concurrency() > 1) {
            violations.add(
                    ViolationCode.INVALID_DEAL,
                    path.field("Concurrency"),
                    "this worker runs a job once; Concurrency must be 0 or 1, got "
                            + deal.concurrency());
        }
        if (deal.confidence() > Math.max(1, deal.concurrency())) {
            violations.add(
                    ViolationCode.INVALID_DEAL,
                    path.field("Confidence"),
                    "Confidence cannot exceed Concurrency, got " + deal.confidence());
        }
        checkTargetingMode(deal.targetingMode(), path.field("TargetingMode"), violations);
    }

    private static void checkTargetingMode(String mode, JsonPath path, Violations violations) {
        if (mode == null || mode.isEmpty()) {
            return;
        }
        String lower = mode.trim().toLowerCase(Locale.ROOT);
        if (TARGET_ALL.contains(lower)) {
            violations.add(
                    ViolationCode.INVALID_DEAL,
                    path,
                    "TargetingMode all asks for every node; this worker runs a job once");
        } else if (!TARGET_ANY.contains(lower)) {
            violations.add(
                    ViolationCode.INVALID_DEAL,
                    path,
                    "TargetingMode must be any or all, got " + Violations.quote(mode));
        }
    }
}
