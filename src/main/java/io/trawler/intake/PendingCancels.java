package io.trawler.intake;

import io.trawler.config.TrawlerConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cancel requests for jobs this worker did not hold when the request came: the job may still be
 * waiting on the jobs topic. When it arrives, intake publishes it as Cancelled without running it.
 *
 * <p>Bounded in count and age, oldest first out, so a flood of cancel requests for jobs that never
 * come costs a fixed amount of memory.
 */
@Singleton
public class PendingCancels {

    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();

    /**
     * A remembered cancel request.
     *
     * @param clientId the client that asked, or an empty string
     * @param reason the reason it gave, or an empty string
     */
    record Request(String clientId, String reason) {}

    private record Pending(Request request, Instant at) {}

    @Inject
    PendingCancels(TrawlerConfig config) {
        this(
                config.control().maxPendingCancels(),
                config.control().pendingCancelTtl(),
                Clock.systemUTC());
    }

    PendingCancels(int maxEntries, Duration ttl, Clock clock) {
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Remembers a cancel request for a job not held here. */
    synchronized void remember(String jobId, Request request) {
        expire();
        pending.remove(jobId);
        pending.put(jobId, new Pending(request, clock.instant()));
        while (pending.size() > maxEntries) {
            Iterator<Map.Entry<String, Pending>> oldest = pending.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Takes the pending cancel request of a job, if one is remembered and not expired. */
    synchronized Optional<Request> take(String jobId) {
        expire();
        Pending found = pending.remove(jobId);
        return found == null ? Optional.empty() : Optional.of(found.request());
    }

    /** Whether a cancel request for the job is remembered and not expired. */
    public synchronized boolean remembers(String jobId) {
        expire();
        return pending.containsKey(jobId);
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(ttl);
        Iterator<Pending> entries = pending.values().iterator();
        while (entries.hasNext() && entries.next().at().isBefore(cutoff)) {
            entries.remove();
        }
    }
}
