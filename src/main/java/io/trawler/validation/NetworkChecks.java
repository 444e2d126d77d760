package io.trawler.validation;

import io.trawler.job.NetworkConfig;
import io.trawler.job.NetworkType;
import java.util.List;
import java.util.Optional;

/**
 * Checks the network a job asks for: a known type, allowed on this worker, and domains that are
 * well-formed public hosts. Domains are checked whatever the type, so that a document that would be
 * dangerous on a worker allowing networked jobs is never accepted silently elsewhere.
 */
final class NetworkChecks {

    private static final int MAX_DOMAINS = 256;

    private final boolean allowNetworkedJobs;

    NetworkChecks(boolean allowNetworkedJobs) {
        this.allowNetworkedJobs = allowNetworkedJobs;
    }

    /** Checks the network; returns the type asked for, or empty when it is not a type. */
    Optional<NetworkType> check(NetworkConfig network, Violations violations) {
        JsonPath path = JsonPath.ROOT.field("Spec").field("Network");
        if (network == null) {
            return Optional.of(NetworkType.NONE);
        }
        Optional<NetworkType> type = checkType(network.type(), path.field("Type"), violations);
        checkDomains(network.domains(), path.field("Domains"), violations);
        return type;
    }

    private Optional<NetworkType> checkType(String text, JsonPath path, Violations violations) {
        if (text == null || text.isEmpty()) {
            return Optional.of(NetworkType.NONE);
        }
        Optional<NetworkType> type = NetworkType.parse(text);
        if (type.isEmpty()) {
            violations.add(
                    ViolationCode.INVALID_NETWORK,
                    path,
                    "Network.Type must be None, Full or HTTP, got " + Violations.quote(text));
        } else if (type.get() != NetworkType.NONE && !allowNetworkedJobs) {
            violations.add(
                    ViolationCode.NETWORK_NOT_ALLOWED,
                    path,
                    "this worker runs jobs without network only; "
                            + type.get().wireName()
                            + " was asked for");
        }
        return type;
    }

    private static void checkDomains(List<String> domains, JsonPath path, Violations violations) {
        if (domains.size() > MAX_DOMAINS) {
            violations.add(
                    ViolationCode.INVALID_DOMAIN,
                    path,
                    "at most " + MAX_DOMAINS + " domains may be listed, got " + domains.size());
            return;
        }
        for (int i = 0; i < domains.size(); i++) {
            String domain = domains.get(i);
            if (domain == null) {
                violations.add(
                        ViolationCode.INVALID_DOMAIN, path.index(i), "a domain cannot be null");
                continue;
            }
            Hosts.Verdict verdict = Hosts.ofDomainEntry(domain);
            if (verdict.kind() == Hosts.Kind.MALFORMED) {
                violations.add(
                        ViolationCode.INVALID_DOMAIN,
                        path.index(i),
                        Violations.quote(domain) + " is not a domain: " + verdict.reason());
            } else if (verdict.kind() == Hosts.Kind.LOCAL) {
                violations.add(
                        ViolationCode.DOMAIN_NOT_ALLOWED,
                        path.index(i),
                        Violations.quote(domain) + " is not a public host: " + verdict.reason());
            }
        }
    }
}
