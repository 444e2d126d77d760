package io.trawler.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkChecksTest {

    private final Pipeline closed = Pipeline.standard();
    private final Pipeline open = new Pipeline(TestPolicies.builder().allowNetworkedJobs().build());

    private static JobDocument withNetwork(String id, String type, List<String> domains) {
        return JobDocument.noop(id)
                .set("/Spec/Network/Type", type)
                .set("/Spec/Network/Domains", domains);
    }

    @ParameterizedTest
    @ValueSource(strings = {"None", "none", "NONE", ""})
    void acceptsNoNetworkInAnyCase(String type) {
        assertThat(closed.run(withNetwork("network-none", type, List.of())).violations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Full", "full", "HTTP", "http"})
    void refusesNetworkedJobsUnlessTheOperatorAllowsThem(String type) {
        assertThat(closed.run(withNetwork("network-closed", type, List.of())).codes())
                .containsExactly(ViolationCode.NETWORK_NOT_ALLOWED);
        assertThat(open.run(withNetwork("network-open", type, List.of())).violations()).isEmpty();
    }

    @Test
    void refusesAnUnknownNetworkType() {
        assertThat(open.run(withNetwork("network-unknown", "Partial", List.of())).codes())
                .containsExactly(ViolationCode.INVALID_NETWORK);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "example.com",
                ".example.com",
                "api.example.co.uk",
                "EXAMPLE.com",
                "8.8.8.8",
                "2001:4860:4860::8888",
                "example.com."
            })
    void acceptsPublicHostNamesWildcardsAndAddresses(String domain) {
        assertThat(open.run(withNetwork("network-domain-ok", "HTTP", List.of(domain))).violations())
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "LOCALHOST.",
                "api.localhost",
                "printer.local",
                "metadata.google.internal",
                "127.0.0.1",
                "10.0.0.8",
                "172.16.5.4",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "::1",
                "[::1]",
                "fe80::1",
                "fd12:3456::1",
                "::ffff:127.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "intranet"
            })
    void refusesDomainsOfLoopbackLinkLocalAndPrivateNetworks(String domain) {
        Pipeline.Outcome outcome =
                open.run(withNetwork("network-domain-local", "HTTP", List.of(domain)));

        assertThat(outcome.codes()).containsExactly(ViolationCode.DOMAIN_NOT_ALLOWED);
        assertThat(outcome.violations().get(0).path()).isEqualTo("$.Spec.Network.Domains[0]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "exa mple.com",
                "example.com\n",
                "exa\u0000mple.com",
                "-bad.example.com",
                "*.example.com",
                "example..com",
                "0177.0.0.1",
                "2130706433",
                "1.2.3",
                "256.1.1.1",
                "example.com:443",
                "fe80::1%eth0",
                "ex_ample.com",
                "münchen.de",
                "."
            })
    void refusesDomainsThatAreNotHostNames(String domain) {
        Pipeline.Outcome outcome =
                open.run(withNetwork("network-domain-bad", "HTTP", List.of(domain)));

        assertThat(outcome.codes()).containsExactly(ViolationCode.INVALID_DOMAIN);
    }

    @Test
    void checksDomainsEvenWhenNetworkingIsRefused() {
        Pipeline.Outcome outcome =
                closed.run(withNetwork("network-both", "HTTP", List.of("localhost")));

        assertThat(outcome.codes())
                .containsExactly(
                        ViolationCode.NETWORK_NOT_ALLOWED, ViolationCode.DOMAIN_NOT_ALLOWED);
    }
}
