package io.trawler.execution.wasm;

import com.dylibso.chicory.runtime.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a module's path lookups inside the preopened directory they start from.
 *
 * <p>Chicory's WASI refuses absolute paths and {@code ..}, but works on the host's file system, so
 * a symbolic link inside a preopened directory (one an operator's local directory already held)
 * would lead the module anywhere the worker can read. This class remembers, for every directory
 * descriptor, its host path and the preopened directory it lies in, and checks before each path
 * call that the real path of what the call names, every link followed, is still in there.
 *
 * <p>Chicory resolves a relative link target that ends a path against the worker's working
 * directory rather than the link's own directory, so following such a link is refused too. Not
 * thread-safe: a run calls WASI from its one thread.
 */
final class DirectoryConfinement {

    /** A directory descriptor: where it is on the host, and the real path of its preopen. */
    private record Directory(Path host, Path root) {}

    private static final long LOOKUP_SYMLINK_FOLLOW = 1;

    private final Map<Integer, Directory> directories = new HashMap<>();

    DirectoryConfinement(List<Preopen> preopens, int firstFd) {
        for (int i = 0; i < preopens.size(); i++) {
            Path host = preopens.get(i).hostPath();
            directories.put(firstFd + i, new Directory(host, realPath(host)));
        }
    }

    /**
     * Whether a path argument leads out of its directory's preopen.
     *
     * @param lookupFlags the call's lookup flags; following a final link is checked as well when
     *     they ask for it
     */
    boolean escapes(Instance instance, long fd, long pathPtr, long pathLen, long lookupFlags) {
        Directory directory = directories.get((int) fd);
        if (directory == null) {
            // Not a directory descriptor: Chicory answers EBADF or ENOTDIR itself.
            return false;
        }
        Path candidate;
        try {
            String raw = instance.memory().readString((int) pathPtr, (int) pathLen);
            candidate = directory.host().resolve(raw).normalize();
        } catch (InvalidPathException | IndexOutOfBoundsException e) {
            return false;
        }
        if (!candidate.startsWith(directory.host())) {
            // Absolute or climbing: Chicory refuses those with its own errno.
            return false;
        }
        Path parent = candidate.getParent();
        if (parent != null && !insideRoot(parent, directory.root())) {
            return true;
        }
        if ((lookupFlags & LOOKUP_SYMLINK_FOLLOW) != 0 && Files.isSymbolicLink(candidate)) {
            return relativeLinkTarget(candidate) || !insideRoot(candidate, directory.root());
        }
        return false;
    }

    /** Remembers a descriptor that path_open gave out, when it names a directory. */
    void opened(Instance instance, long dirFd, long pathPtr, long pathLen, int newFd) {
        directories.remove(newFd);
        Directory directory = directories.get((int) dirFd);
        if (directory == null) {
            return;
        }
        String raw = instance.memory().readString((int) pathPtr, (int) pathLen);
        Path host = directory.host().resolve(raw).normalize();
        if (Files.isDirectory(host)) {
            directories.put(newFd, new Directory(host, directory.root()));
        }
    }

    void closed(int fd) {
        directories.remove(fd);
    }

    void renumbered(int from, int to) {
        Directory moved = directories.remove(from);
        directories.remove(to);
        if (moved != null) {
            directories.put(to, moved);
        }
    }

    /** Whether the deepest existing part of {@code path}, every link followed, is in the root. */
    private static boolean insideRoot(Path path, Path root) {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return false;
        }
        try {
            return existing.toRealPath().startsWith(root);
        } catch (IOException danglingOrUnreadable) {
            return false;
        }
    }

    private static boolean relativeLinkTarget(Path link) {
        try {
            return !Files.readSymbolicLink(link).isAbsolute();
        } catch (IOException e) {
            return true;
        }
    }

    private static Path realPath(Path host) {
        try {
            return host.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("a preopened directory must exist: " + host, e);
        }
    }
}
