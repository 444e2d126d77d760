package io.trawler.execution.storage;

import io.trawler.job.StorageSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Brings one storage spec onto the host, by the rules of its source. */
final class InputStager {

    private static final Logger LOG = Logger.getLogger(InputStager.class);

    private final StorageSettings settings;
    private final UrlDownload downloads;

    InputStager(StorageSettings settings) {
        this.settings = settings;
        this.downloads = new UrlDownload(settings.maxDownloadBytes(), settings.downloadTimeout());
    }

    /**
     * Stages {@code spec} as {@code name} into {@code dir}, which this call creates; {@code
     * jobPath} is where the job will see it, or empty for a spec the job does not mount.
     */
    StagedInput stage(StorageSpec spec, String name, Path dir, String jobPath)
            throws StorageException {
        StorageSource source = sourceOf(spec, name);
        StagedInput staged =
                switch (source) {
                    case INLINE -> stageInline(spec, name, dir, jobPath);
                    case LOCAL_DIRECTORY -> stageLocal(spec, name, jobPath);
                    case URL_DOWNLOAD -> stageDownload(spec, name, dir, jobPath);
                    default -> throw new IllegalStateException("unsupported source " + source);
                };
        LOG.debugf("input staged name=%s source=%s jobPath=%s", name, source.wireName(), jobPath);
        return staged;
    }

    private static StorageSource sourceOf(StorageSpec spec, String name) throws StorageException {
        Optional<StorageSource> source = StorageSource.parse(spec.storageSource());
        if (source.isEmpty() || !source.get().supported()) {
            throw StorageException.input(
                    "input "
                            + name
                            + " uses storage source "
                            + (spec.storageSource() == null ? "(none)" : spec.storageSource())
                            + ", which this worker does not support; supported sources: "
                            + StorageSource.supportedNames());
        }
        return source.get();
    }

    private StagedInput stageInline(StorageSpec spec, String name, Path dir, String jobPath)
            throws StorageException {
        if (spec.url() == null) {
            throw StorageException.input("inline input " + name + " has no URL with its data");
        }
        byte[] content;
        try {
            content = InlineData.decode(spec.url(), settings.maxInlineBytes());
        } catch (StorageException e) {
            throw StorageException.input("inline input " + name + ": " + e.getMessage(), e);
        }
        String fileName = jobPath.isEmpty() ? name : JobPaths.lastSegment(jobPath);
        HostFiles.directory(dir, HostFiles.READABLE_DIRECTORY);
        return new StagedInput(name, HostFiles.file(dir.resolve(fileName), content), jobPath);
    }

    private StagedInput stageLocal(StorageSpec spec, String name, String jobPath)
            throws StorageException {
        if (spec.readWrite()) {
            throw StorageException.input(
                    "localDirectory input "
                            + name
                            + " asks to be writable; inputs are always mounted read-only");
        }
        String source = spec.sourcePath();
        if (source == null || !Path.of(source).isAbsolute()) {
            throw StorageException.input(
                    "localDirectory input " + name + " needs an absolute SourcePath");
        }
        Path real = realPath(Path.of(source), name);
        List<Path> roots = settings.realLocalDirectories();
        if (roots.stream().noneMatch(real::startsWith)) {
            throw StorageException.input(
                    "localDirectory input "
                            + name
                            + ": "
                            + source
                            + (roots.isEmpty()
                                    ? " cannot be used, because this worker allows no local"
                                            + " directories"
                                    : " is not below a directory this worker allows")
                            + " (trawler.validation.allowed-local-directories)");
        }
        return new StagedInput(name, real, jobPath);
    }

    private static Path realPath(Path source, String name) throws StorageException {
        try {
            return source.toRealPath();
        } catch (NoSuchFileException e) {
            throw StorageException.input(
                    "localDirectory input " + name + ": " + source + " does not exist", e);
        } catch (IOException e) {
            throw StorageException.input(
                    "localDirectory input " + name + ": " + source + " cannot be read: " + e, e);
        }
    }

    private StagedInput stageDownload(StorageSpec spec, String name, Path dir, String jobPath)
            throws StorageException {
        if (!settings.urlDownloadEnabled()) {
            throw StorageException.input(
                    "urlDownload input "
                            + name
                            + " cannot be fetched: this worker does not download inputs"
                            + " (trawler.execution.inputs.url-download-enabled)");
        }
        if (spec.url() == null) {
            throw StorageException.input("urlDownload input " + name + " has no URL");
        }
        URI uri;
        try {
            uri = UrlDownload.parse(spec.url());
        } catch (StorageException e) {
            throw StorageException.input("urlDownload input " + name + ": " + e.getMessage(), e);
        }
        HostFiles.directory(dir, HostFiles.READABLE_DIRECTORY);
        Path file = dir.resolve(UrlDownload.fileName(uri));
        try {
            downloads.fetch(uri, file);
            Files.setPosixFilePermissions(
                    file, PosixFilePermissions.fromString(HostFiles.READABLE_FILE));
        } catch (StorageException e) {
            throw StorageException.input("urlDownload input " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw HostFiles.fault("could not make the download " + file + " readable", e);
        }
        return new StagedInput(name, dir, jobPath);
    }
}
