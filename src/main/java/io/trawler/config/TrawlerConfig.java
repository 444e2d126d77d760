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

    /** Cancel requests read from the control topic. */
    Control control();

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

        /** The most bytes inline content, an input or a wasm module, may decode to. */
        @WithDefault("1048576")
        long maxInlineBytes();

        /** Host directories that localDirectory inputs and modules may come from, read-only. */
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

        /**
         * The most jobs this worker holds at once: queued for capacity, running, or ended with
         * their last event not yet acknowledged by Kafka. Intake pauses at this number.
         */
        @WithDefault("256")
        int maxHeldJobs();

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

        /**
         * How long a revocation waits for the Interrupted events of the revoked partitions' jobs
         * before it lets the partitions go anyway.
         */
        @WithDefault("60s")
        Duration revocationTimeout();

        /** Where executors make per-job working directories; a temporary directory when unset. */
        Optional<String> workRoot();

        /** How job inputs are downloaded. */
        Inputs inputs();

        /** How {@code urlDownload} inputs are fetched. */
        interface Inputs {

            /** Whether {@code urlDownload} inputs (http and https) are fetched by this worker. */
            @WithDefault("true")
            boolean urlDownloadEnabled();

            /** The largest {@code urlDownload} input accepted. */
            @WithDefault("256Mi")
            String maxDownloadSize();

            /** How long one {@code urlDownload} input may take, connection to last byte. */
            @WithDefault("5m")
            Duration downloadTimeout();
        }
    }

    /** The Docker executor, which runs docker jobs through the Docker Engine API. */
    interface Docker {

        /** The engine's address: {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}. */
        @WithDefault("${DOCKER_HOST:unix:///var/run/docker.sock}")
        String host();

        /** The Engine API version to speak. */
        @WithDefault("1.41")
        String apiVersion();

        /** When to pull a job's image: {@code always}, {@code if-not-present} or {@code never}. */
        @WithDefault("if-not-present")
        PullPolicy pullPolicy();

        /** How long pulling one image may take. */
        @WithDefault("10m")
        Duration pullTimeout();

        /** How long a stopped job has between SIGTERM and SIGKILL. */
        @WithDefault("10s")
        Duration stopGrace();

        /** The most processes and threads one job's container may have. */
        @WithDefault("256")
        long pidsLimit();

        /** Capabilities given back to jobs after all are dropped, such as {@code CHOWN}. */
        Optional<List<String>> capAdd();

        /** The size of the writable tmpfs on {@code /tmp}; the rest of the root is read-only. */
        @WithDefault("64Mi")
        String tmpSize();

        /** The most container log the engine keeps on disk per job. */
        @WithDefault("16Mi")
        String logMaxSize();

        /** The user jobs run as ({@code uid:gid}); the image's own user when unset. */
        Optional<String> user();

        /** How long to wait for a connection to the engine. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** When the executor pulls a job's image. */
        enum PullPolicy {
            /** Pull before every job, so a moved tag is followed. */
            ALWAYS,
            /** Pull only when the engine does not have the image. */
            IF_NOT_PRESENT,
            /** Never pull; a job whose image is not present fails. */
            NEVER
        }
    }

    /** The WebAssembly executor, which runs wasm jobs in-process with Chicory. */
    interface Wasm {

        /**
         * The most 64 KiB memory pages a module may use; a module declaring a lower maximum keeps
         * its own.
         */
        @WithDefault("1024")
        int maxMemoryPages();

        /** How modules run: compiled to JVM bytecode at run time, or interpreted. */
        @WithDefault("compiler")
        Runtime runtime();

        /** How many compiled modules are kept, keyed by their SHA-256, for jobs that reuse them. */
        @WithDefault("64")
        int moduleCacheSize();

        /** The largest module downloaded or read from a local directory, such as {@code 64Mi}. */
        @WithDefault("64Mi")
        String maxModuleSize();

        /** How long fetching one {@code urlDownload} module may take, connecting included. */
        @WithDefault("30s")
        Duration moduleDownloadTimeout();

        /** The ways a module can run. */
        enum Runtime {
            /** Chicory's run-time compiler turns each module into JVM bytecode once. */
            COMPILER,
            /** Chicory's interpreter runs the module's instructions one by one. */
            INTERPRETER
        }
    }

    /** Publishers that make job outputs available after the job ends. */
    interface Publishers {

        /** The directory under which the {@code local} publisher keeps each job's results. */
        @WithDefault("${java.io.tmpdir}/trawler-results")
        String localDirectory();
    }

    /** Cancel requests, which every replica reads in full from the control topic. */
    interface Control {

        /**
         * How many cancel requests for jobs this worker has not seen yet are remembered, so that a
         * job cancelled before it arrives never runs.
         */
        @WithDefault("10000")
        int maxPendingCancels();

        /** How long a cancel request for a job not seen yet is remembered. */
        @WithDefault("1h")
        Duration pendingCancelTtl();
    }
}
