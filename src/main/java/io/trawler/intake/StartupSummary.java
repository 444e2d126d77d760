package io.trawler.intake;

import io.quarkus.runtime.StartupEvent;
import io.trawler.config.TrawlerConfig;
import io.trawler.config.WorkerCapacity;
import io.trawler.config.WorkerIdentity;
import io.trawler.execution.ExecutorRegistry;
import io.trawler.job.EngineType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Logs, once at start-up, the facts an operator checks first: who, where from, what, how much. */
@ApplicationScoped
public class StartupSummary {

    private static final Logger LOG = Logger.getLogger(StartupSummary.class);

    @ConfigProperty(name = "mp.messaging.incoming.jobs.topic")
    String jobsTopic;

    @ConfigProperty(name = "mp.messaging.incoming.jobs.group.id")
    String group;

    @ConfigProperty(name = "mp.messaging.outgoing.job-status.topic")
    String statusTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.jobs-dlq.topic")
    String dlqTopic;

    @ConfigProperty(name = "mp.messaging.incoming.job-control.topic")
    String controlTopic;

    void log(
            @Observes StartupEvent event,
            WorkerIdentity identity,
            WorkerCapacity capacity,
            ExecutorRegistry executors,
            TrawlerConfig config) {
        String engines =
                executors.engines().stream()
                        .map(EngineType::wireName)
                        .sorted()
                        .collect(Collectors.joining(","));
        LOG.infof(
                "worker started workerId=%s jobsTopic=%s group=%s statusTopic=%s dlqTopic=%s"
                        + " controlTopic=%s engines=%s maxConcurrentJobs=%d cpu=%s memory=%s"
                        + " gpus=%d",
                identity.workerId(),
                jobsTopic,
                group,
                statusTopic,
                dlqTopic,
                controlTopic,
                engines,
                config.execution().maxConcurrentJobs(),
                capacity.cpu(),
                capacity.memory(),
                capacity.gpus());
    }
}
