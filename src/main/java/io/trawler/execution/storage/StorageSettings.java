package io.trawler.execution.storage;

import io.trawler.config.TrawlerConfig;
import io.trawler.job.ByteSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What job storage may do on this worker, typed from the {@code trawler.execution.*} and {@code
 * trawler.publishers.*} settings.
 *
 * @param workRoot the directory under which each execution gets a directory of its own
 * @param allowedLocalDirectories host directories below which {@code localDirectory} inputs may be
 * @param maxInlineBytes the largest decoded {@code inline} input
 * @param urlDownloadEnabled whether {@code urlDownload} inputs are fetched
 * @param maxDownloadBytes the largest {@code urlDownload} input
 * @param downloadTimeout how long one download may take in all
 * @param localPublisherRoot the directory under which the {@code local} publisher keeps results
 */
public record StorageSettings(
        Path workRoot,
        List<Path> allowedLocalDirectories,
        long maxInlineBytes,
        boolean urlDownloadEnabled,
        long maxDownloadBytes,
        Duration downloadTimeout,
        Path localPublisherRoot) {

    public StorageSettings {
        allowedLocalDirectories = List.copyOf(allowedLocalDirectories);
    }

    /** Reads the settings, refusing sizes that cannot be parsed. */
    public static StorageSettings from(TrawlerConfig config) {
        TrawlerConfig.Execution execution = config.execution();
        TrawlerConfig.Execution.Inputs inputs = execution.inputs();
        Path workRoot =
                execution
                        .workRoot()
                        .map(Path::of)
                        .orElseGet(
                                () ->
                                        Path.of(
                                                System.getProperty("java.io.tmpdir"),
                                                "trawler-work"));
        List<Path> allowed =
                inputs.allowedLocalDirectories().orElse(List.of()).stream()
                        .map(String::trim)
                        .filter(text -> !text.isEmpty())
                        .map(Path::of)
                        .toList();
        return new StorageSettings(
                workRoot,
                allowed,
                size("trawler.execution.inputs.max-inline-size", inputs.maxInlineSize()),
                inputs.urlDownloadEnabled(),
                size("trawler.execution.inputs.max-download-size", inputs.maxDownloadSize()),
                inputs.downloadTimeout(),
                Path.of(config.publishers().localDirectory()));
    }

    private static long size(String name, String text) {
        return ByteSize.parse(text)
                .orElseThrow(() -> new IllegalArgumentException(name + " is not a size: " + text))
                .bytes();
    }
}
