package io.trawler.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A test profile that gives the worker topics and a consumer group no other test uses, so tests
 * that share one broker never see each other's records.
 */
public class FreshTopics implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> config = new HashMap<>();
        config.put("mp.messaging.incoming.jobs.topic", "jobs-" + suffix);
        config.put("mp.messaging.incoming.jobs.group.id", "trawler-" + suffix);
        config.put("mp.messaging.outgoing.job-status.topic", "job-status-" + suffix);
        config.put("mp.messaging.outgoing.jobs-dlq.topic", "jobs-dlq-" + suffix);
        config.put("mp.messaging.incoming.job-control.topic", "job-control-" + suffix);
        // Tests send cancel requests right after start-up, before the first assignment ends.
        config.put("mp.messaging.incoming.job-control.auto.offset.reset", "earliest");
        config.put("trawler.worker.id", "test-worker-" + suffix);
        config.putAll(extraConfig());
        return config;
    }

    /** More settings for a subclass's tests. */
    protected Map<String, String> extraConfig() {
        return Map.of();
    }
}
