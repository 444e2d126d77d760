package io.trawler.execution.wasm;

import io.trawler.config.TrawlerConfig;
import io.trawler.job.ByteSize;
import java.time.Duration;

/**
 * The WebAssembly executor's settings, typed and checked once from {@code trawler.wasm.*}.
 *
 * @param maxMemoryPages the most 64 KiB pages any module's memory may reach
 * @param runtime whether modules are compiled to bytecode or interpreted
 * @param moduleCacheSize how many prepared modules are kept
 * @param maxModuleBytes the largest module downloaded or read from a local directory; inline
 *     modules are held to the inline limit of the storage settings instead
 * @param downloadTimeout how long one module download may take in all
 */
record WasmSettings(
        int maxMemoryPages,
        TrawlerConfig.Wasm.Runtime runtime,
        int moduleCacheSize,
        long maxModuleBytes,
        Duration downloadTimeout) {

    WasmSettings {
        if (maxMemoryPages < 0 || maxMemoryPages > 65536) {
            throw new IllegalArgumentException(
                    "trawler.wasm.max-memory-pages must be between 0 and 65536: " + maxMemoryPages);
        }
        if (moduleCacheSize < 1) {
            throw new IllegalArgumentException(
                    "trawler.wasm.module-cache-size must be at least 1: " + moduleCacheSize);
        }
    }

    static WasmSettings from(TrawlerConfig.Wasm wasm) {
        long maxModuleBytes =
                ByteSize.parse(wasm.maxModuleSize())
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "trawler.wasm.max-module-size is not a size: "
                                                        + wasm.maxModuleSize()))
                        .bytes();
        return new WasmSettings(
                wasm.maxMemoryPages(),
                wasm.runtime(),
                wasm.moduleCacheSize(),
                maxModuleBytes,
                wasm.moduleDownloadTimeout());
    }
}
