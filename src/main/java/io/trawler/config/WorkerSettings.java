package io.trawler.config;

import com.sun.management.OperatingSystemMXBean;
import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Derives the settings that depend on the machine: this worker's ID and its capacity. */
@ApplicationScoped
public class WorkerSettings {

    @Produces
    @Singleton
    WorkerCapacity capacity(TrawlerConfig config) {
        TrawlerConfig.Execution execution = config.execution();
        CpuQuantity cpu =
                execution
                        .cpu()
                        .map(text -> parseSetting("trawler.execution.cpu", CpuQuantity.parse(text)))
                        .orElseGet(
                                () ->
                                        CpuQuantity.ofCores(
                                                Runtime.getRuntime().availableProcessors()));
        ByteSize memory =
                execution
                        .memory()
                        .map(text -> parseSetting("trawler.execution.memory", ByteSize.parse(text)))
                        .orElseGet(() -> ByteSize.ofBytes(physicalMemoryBytes() / 2));
        return new WorkerCapacity(cpu, memory, execution.gpus());
    }

    @Produces
    @Singleton
    WorkerIdentity identity(TrawlerConfig config) {
        return new WorkerIdentity(config.worker().id().orElseGet(WorkerSettings::hostName));
    }

    private static <T> T parseSetting(String name, java.util.Optional<T> parsed) {
        return parsed.orElseThrow(
                () -> new IllegalArgumentException(name + " is not a valid quantity"));
    }

    private static long physicalMemoryBytes() {
        var bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // A worker without a resolvable host name still needs an ID that no other has.
            return "worker-" + UUID.randomUUID();
        }
    }
}
