package io.trawler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Trawler setting, one group per stage of a job's journey. Kafka topics and clients are
 * configured through the standard {@code mp.messaging.*} and {@code kafka.*} properties instead.
 */
@ConfigMapping(prefix = "trawler")
public interface TrawlerConfig {

    /** This worker's identity and labels. */
    Worker worker();

    /** Limits applied while reading records off the jobs topic. */
    Intake intake();

    /** What a job may ask for on this worker. */
    Validation validation();

    /** How many jobs run at once and what each one may use. */
    Execution execution();

    /** The Docker executor. */
    Docker docker();

    /** The WebAssembly executor. */
    Wasm wasm();

    /** Where executors publish job outputs. */
    Publishers publishers();

    /** Settings of this worker as a member of the fleet. */
    interface Worker {

        /** The worker's ID in events, container names and logs; the host name when unset. */
        Optional<String> id();

        /** Labels that a job's NodeSelectors are matched against. */
        Map<String, String> labels();
    }

    /** Limits on the records of the jobs topic, checked before a job document is built. */
    interface Intake {

        /** The largest record value accepted, in bytes; larger records go to the DLQ. */
        @WithDefault("1048576")
        int maxRecordBytes();

        /** The deepest nesting of JSON objects and arrays accepted in a job document. */
        @WithDefault("32")
        int maxNestingDepth();

        /** The longest JSON string accepted, in characters. */
        @WithDefault("1048576")
        int maxStringLength();

        /** The longest JSON number accepted, in characters. */
        @WithDefault("40")
        int maxNumberLength();

        /** The longest JSON field name accepted, in characters. */
        @WithDefault("1024")
        int maxNameLength();
    }

    /** The rules a job must meet to be accepted. */
    interface Validation {

        /** Engines this worker runs; jobs naming another engine are rejected. */
        @WithDefault("docker,wasm,noop")
        List<String> enabledEngines();

        /** Whether jobs may ask for network access ({@code Full} or {@code HTTP}). */
        @WithDefault("false")
        boolean allowNetworkedJobs();

        /** The least CPU a job may ask for; Docker refuses less than 0.01 of a core. */
        @WithDefault("10m")
        String minCpu();

        /** The least memory a job may ask for; Docker refuses a limit below 6 MB. */
        @WithDefault("6Mi")
        String minMemory();

        /** Registries or repositories images must come from, registry first; any when unset. */
        Optional<List<String>> allowedImages();

        /** Whether a docker image must be pinned by digest ({@code image@sha256:…}). */
        @WithDefault("false")
        boolean requireImageDigest();

        /** The most entries of Entrypoint and Parameters together. */
        @WithDefault("1024")
        int maxArguments();

        /** The most bytes of Entrypoint and Parameters together, UTF-8. */
        @WithDefault("131072")
        int maxArgumentBytes();

        /** The most environment variables a job may set. */
        @WithDefault("256")
        int maxEnvironmentVariables();

        /** The most bytes of all environment variables together, as {@code NAME=value}, UTF-8. */
        @WithDefault("65536")
        int maxEnvironmentBytes();

        /** Variables a job may not set, in any case; {@code NAME*} denies a prefix. */
        @WithDefault("LD_PRELOAD,LD_LIBRARY_PATH,LD_AUDIT")
        List<String> deniedEnvironmentVariables();

        /** The most bytes an inline storage spec may decode to. */
        @WithDefault("1048576")
        long maxInlineBytes();

        /** Host directories that localDirectory may mount: {@code /path} or {@code /path:rw}. */
        Optional<List<String>> allowedLocalDirectories();

        /** Whether urlDownload may fetch from loopback, link-local and private addresses. */
        @WithDefault("false")
        boolean allowPrivateUrlHosts();
    }

    /** Concurrency, capacity and time limits of execution. */
    interface Execution {

        /** The most jobs this worker runs at once. */
        @WithDefault("8")
        int maxConcurrentJobs();

        /** CPU this worker offers to jobs, in cores or millicores; all processors when unset. */
        Optional<String> cpu();

        /** Memory this worker offers to jobs; half of the physical memory when unset. */
        Optional<String> memory();

        /** GPUs this worker offers to jobs. */
        @WithDefault("0")
        int gpus();

        /** CPU given to a job that asks for none. */
        @WithDefault("100m")
        String defaultCpu();

        /** Memory given to a job that asks for none. */
        @WithDefault("256Mi")
        String defaultMemory();

        /** The timeout of a job that sets none. */
        @WithDefault("30m")
        Duration defaultTimeout();

        /** The longest timeout a job may set; longer ones are rejected. */
        @WithDefault("24h")
        Duration maxTimeout();

        /** How much of a job's stdout and of its stderr is kept, from the start, in bytes. */
        @WithDefault("65536")
        int outputCaptureBytes();

        /** How long running jobs may finish after shutdown starts before they are stopped. */
        @WithDefault("30s")
        Duration shutdownGrace();

        /** Where executors make per-job working directories; a temporary directory when unset. */
        Optional<String> workRoot();
    }

    /** The Docker executor, which runs docker jobs through the Docker Engine API. */
    interface Docker {

        /** The engine's address: {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}. */
        @WithDefault("unix:///var/run/docker.sock")
        String host();

        /** The Engine API version to speak. */
        @WithDefault("1.41")
        String apiVersion();
    }

    /** The WebAssembly executor, which runs wasm jobs in-process with Chicory. */
    interface Wasm {

        /** The most 64 KiB memory pages a module may use. */
        @WithDefault("1024")
        int maxMemoryPages();
    }

    /** Publishers that make job outputs available after the job ends. */
    interface Publishers {

        /** The directory under which the {@code local} publisher keeps each job's results. */
        @WithDefault("${java.io.tmpdir}/trawler-results")
        String localDirectory();
    }
}
