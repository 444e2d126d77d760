package io.trawler.execution.wasm;

import io.trawler.config.TrawlerConfig;
import io.trawler.job.ByteSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The WebAssembly executor's settings, typed and checked once from {@code trawler.wasm.*}.
 *
 * @param maxMemoryPages the most 64 KiB pages any module's memory may reach
 * @param runtime whether modules are compiled to bytecode or interpreted
 * @param moduleCacheSize how many prepared modules are kept
 * @param maxModuleBytes the largest module accepted from any source
 * @param downloadTimeout how long one module download may take in all
 * @param moduleDirectories real paths of the directories {@code localDirectory} modules may be in
 */
record WasmSettings(
        int maxMemoryPages,
        TrawlerConfig.Wasm.Runtime runtime,
        int moduleCacheSize,
        long maxModuleBytes,
        Duration downloadTimeout,
        List<Path> moduleDirectories) {

    WasmSettings {
        if (maxMemoryPages < 0 || maxMemoryPages > 65536) {
            throw new IllegalArgumentException(
                    "trawler.wasm.max-memory-pages must be between 0 and 65536: " + maxMemoryPages);
        }
        if (moduleCacheSize < 1) {
            throw new IllegalArgumentException(
                    "trawler.wasm.module-cache-size must be at least 1: " + moduleCacheSize);
        }
        moduleDirectories = List.copyOf(moduleDirectories);
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
        List<Path> directories = new ArrayList<>();
        for (String directory : wasm.moduleDirectories().orElse(List.of())) {
            if (!directory.isBlank()) {
                directories.add(realDirectory(directory.trim()));
            }
        }
        return new WasmSettings(
                wasm.maxMemoryPages(),
                wasm.runtime(),
                wasm.moduleCacheSize(),
                maxModuleBytes,
                wasm.moduleDownloadTimeout(),
                directories);
    }

    /** Resolved once, so that a module's path is compared with what the directory really is. */
    private static Path realDirectory(String directory) {
        try {
            Path real = Path.of(directory).toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException(
                        "trawler.wasm.module-directories names a file, not a directory: "
                                + directory);
            }
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "trawler.wasm.module-directories names a directory that cannot be read: "
                            + directory,
                    e);
        }
    }
}
