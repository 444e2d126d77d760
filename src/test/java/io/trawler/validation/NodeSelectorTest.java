package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.trawler.job.Job;
import io.trawler.job.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeSelectorTest {

    private static final Map<String, String> LABELS =
            Map.of("region", "eu-west-1", "gpu-count", "4", "trawler.io/tier", "batch");

    private final Pipeline pipeline = Pipeline.standard();
    private final NodeSelectorMatcher matcher = new NodeSelectorMatcher(LABELS);

    private static JobDocument withSelector(String id, String selectorJson) {
        return JobDocument.noop(id).setJson("/Spec/NodeSelectors", "[" + selectorJson + "]");
    }

    private static LabelSelectorRequirement requirement(
            String key, String operator, String... values) {
        return new LabelSelectorRequirement(key, operator, List.of(values));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"Key\": \"region\", \"Operator\": \"In\", \"Values\": [\"eu\"]}",
                "{\"Key\": \"region\", \"Operator\": \"in\", \"Values\": [\"eu\"]}",
                "{\"Key\": \"region\", \"Operator\": \"notin\", \"Values\": [\"eu\", \"us\"]}",
                "{\"Key\": \"example.com/zone\", \"Operator\": \"Exists\"}",
                "{\"Key\": \"zone\", \"Operator\": \"!\"}",
                "{\"Key\": \"zone\", \"Operator\": \"DoesNotExist\"}",
                "{\"Key\": \"cores\", \"Operator\": \"Gt\", \"Values\": [\"-3\"]}",
                "{\"Key\": \"cores\", \"Operator\": \"lt\", \"Values\": [\"8\"]}"
            })
    void acceptsWellFormedSelectorsInKubernetesAndBacalhauSpellings(String selector) {
        assertThat(pipeline.run(withSelector("selector-ok", selector)).violations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"Key\": \"-region\", \"Operator\": \"Exists\"}",
                "{\"Key\": \"Example.com/zone\", \"Operator\": \"Exists\"}",
                "{\"Key\": \"a/b/c\", \"Operator\": \"Exists\"}",
                "{\"Operator\": \"Exists\"}",
                "{\"Key\": \"region\", \"Operator\": \"Like\", \"Values\": [\"eu\"]}",
                "{\"Key\": \"region\", \"Values\": [\"eu\"]}",
                "{\"Key\": \"region\", \"Operator\": \"In\"}",
                "{\"Key\": \"region\", \"Operator\": \"Exists\", \"Values\": [\"eu\"]}",
                "{\"Key\": \"cores\", \"Operator\": \"Gt\", \"Values\": [\"four\"]}",
                "{\"Key\": \"cores\", \"Operator\": \"Gt\", \"Values\": [\"1\", \"2\"]}",
                "{\"Key\": \"region\", \"Operator\": \"In\", \"Values\": [\"has space\"]}"
            })
    void refusesMalformedSelectors(String selector) {
        Pipeline.Outcome outcome = pipeline.run(withSelector("selector-bad", selector));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_NODE_SELECTOR);
        assertThat(outcome.violations().get(0).path()).startsWith("$.Spec.NodeSelectors[0]");
    }

    @Test
    void refusesAKeyWhoseNameIsLongerThan63Characters() {
        Pipeline.Outcome outcome =
                pipeline.run(
                        withSelector(
                                "selector-long",
                                "{\"Key\": \"" + "k".repeat(64) + "\", \"Operator\": \"Exists\"}"));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_NODE_SELECTOR);
    }

    @ParameterizedTest
    @CsvSource({
        "region,In,eu-west-1,true",
        "region,In,us-east-1,false",
        "region,NotIn,us-east-1,true",
        "region,NotIn,eu-west-1,false",
        "absent,NotIn,x,true",
        "gpu-count,Gt,3,true",
        "gpu-count,Gt,4,false",
        "gpu-count,Lt,5,true",
        "region,Gt,1,false",
        "absent,Lt,5,false"
    })
    void matchesValueOperatorsAsKubernetesDoes(
            String key, String operator, String value, boolean expected) {
        assertThat(matcher.matches(requirement(key, operator, value))).isEqualTo(expected);
    }

    @Test
    void matchesExistenceOperatorsAsKubernetesDoes() {
        assertThat(matcher.matches(requirement("trawler.io/tier", "Exists"))).isTrue();
        assertThat(matcher.matches(requirement("absent", "Exists"))).isFalse();
        assertThat(matcher.matches(requirement("absent", "DoesNotExist"))).isTrue();
        assertThat(matcher.matches(requirement("region", "!"))).isFalse();
    }

    @Test
    void neverMatchesAMalformedRequirement() {
        assertThat(matcher.matches(requirement("region", "Like", "eu-west-1"))).isFalse();
        assertThat(matcher.matches(requirement("region", "NotIn"))).isFalse();
        assertThat(matcher.matches(null)).isFalse();
    }

    @Test
    void listsTheIndexesOfUnmetRequirements() {
        List<LabelSelectorRequirement> requirements =
                List.of(
                        requirement("region", "In", "eu-west-1"),
                        requirement("zone", "Exists"),
                        requirement("gpu-count", "Lt", "2"));

        assertThat(matcher.unmet(requirements)).containsExactly(1, 2);
    }

    @Test
    void validatesAWellFormedSelectorThisWorkerMissesButReportsTheMismatchSeparately() {
        Pipeline labelled =
                new Pipeline(
                        TestPolicies.builder()
                                .labels(Map.of("region", "us-east-1", "trawler.io/tier", "batch"))
                                .build());
        JobDocument document = JobDocument.docker("selector-placement");
        Job job = labelled.run(document).job().orElseThrow().document();

        List<Violation> placement = labelled.validator().checkPlacement(job);

        assertThat(placement)
                .extracting(Violation::code)
                .containsExactly(ViolationCode.NODE_SELECTOR_MISMATCH);
        assertThat(placement.get(0).path()).isEqualTo("$.Spec.NodeSelectors[0]");
        assertThat(placement.get(0).message()).contains("\"eu-west-1\"").contains("\"eu-west-2\"");
    }

    @Test
    void findsNoMismatchWhenTheWorkerMeetsEverySelector() {
        Pipeline labelled =
                new Pipeline(
                        TestPolicies.builder()
                                .labels(Map.of("region", "eu-west-2", "trawler.io/tier", "x"))
                                .build());
        Job job = labelled.run(JobDocument.docker("selector-fits")).job().orElseThrow().document();

        assertThat(labelled.validator().checkPlacement(job)).isEmpty();
    }
}
