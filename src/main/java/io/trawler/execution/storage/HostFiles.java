package io.trawler.execution.storage;

import io.trawler.execution.ExecutorException;
import io.trawler.execution.FailureReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the workspace's own files and directories with permissions set explicitly, whatever the
 * worker's umask. A failure here is the host's (a full disk, a read-only work root), never the
 * job's, so it is an {@link ExecutorException}.
 */
final class HostFiles {

    /** Only the worker may enter an execution's directory. */
    static final String PRIVATE = "rwx------";

    /** Readable by whatever user a job runs as. */
    static final String READABLE_DIRECTORY = "rwxr-xr-x";

    static final String READABLE_FILE = "rw-r--r--";

    /**
     * Writable by whatever user a job runs as: container users need not match the worker's. Only
     * the job can reach it, because its parent is {@link #PRIVATE}.
     */
    static final String WRITABLE_DIRECTORY = "rwxrwxrwx";

    private HostFiles() {}

    static Path directory(Path path, String permissions) {
        try {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
            return path;
        } catch (IOException e) {
            throw fault("could not create the directory " + path, e);
        }
    }

    static Path file(Path path, byte[] content) {
        try {
            Files.write(path, content);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(READABLE_FILE));
            return path;
        } catch (IOException e) {
            throw fault("could not write the file " + path, e);
        }
    }

    static ExecutorException fault(String what, IOException cause) {
        return new ExecutorException(FailureReason.EXECUTOR_ERROR, what + ": " + cause, cause);
    }
}
