package io.trawler.execution.storage;

import io.trawler.config.TrawlerConfig;
import io.trawler.job.ByteSize;
import io.trawler.validation.StoragePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What job storage may do on this worker, typed from the {@code trawler.execution.*} and {@code
 * trawler.publishers.*} settings. The allowed local directories and the inline limit are those that
 * validation applies ({@code trawler.validation.allowed-local-directories} and {@code
 * max-inline-bytes}), checked again here on the real paths and decoded bytes.
 *
 * @param workRoot the directory under which each execution gets a directory of its own
 * @param allowedLocalDirectories host directories below which {@code localDirectory} storage may
 *     be, as configured
 * @param maxInlineBytes the largest decoded {@code inline} content
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
        StoragePolicy policy = StoragePolicy.from(config.validation());
        List<Path> allowed =
                policy.localDirectories().stream()
                        .map(grant -> Path.of(grant.directory()))
                        .toList();
        return new StorageSettings(
                workRoot,
                allowed,
                policy.maxInlineBytes(),
                inputs.urlDownloadEnabled(),
                size("trawler.execution.inputs.max-download-size", inputs.maxDownloadSize()),
                inputs.downloadTimeout(),
                Path.of(config.publishers().localDirectory()));
    }

    /**
     * The allowed local directories as real paths, links resolved now, so that a path below one can
     * be compared with its own real path; a directory that does not exist (yet) allows nothing.
     */
    public List<Path> realLocalDirectories() {
        return allowedLocalDirectories.stream()
                .flatMap(
                        root -> {
                            try {
                                return Stream.of(root.toRealPath()).filter(Files::isDirectory);
                            } catch (IOException missing) {
                                return Stream.empty();
                            }
                        })
                .toList();
    }

    private static long size(String name, String text) {
        return ByteSize.parse(text)
                .orElseThrow(() -> new IllegalArgumentException(name + " is not a size: " + text))
                .bytes();
    }
}
