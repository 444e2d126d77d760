package io.trawler.execution.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The WASI preview 1 functions one run gets: Chicory's implementation, given the run's arguments,
 * environment, captured stdout and stderr, an empty stdin and its preopened directories, with two
 * guards on top whenever there are directories.
 *
 * <p>Confinement: a path that would lead out of its preopened directory through a symbolic link is
 * answered {@code ENOTCAPABLE}; see {@link DirectoryConfinement}.
 *
 * <p>Read-only directories: Chicory's WASI has none, so this class keeps the set of descriptors
 * that lead into a read-only directory (the preopen itself and everything opened through it) and
 * answers {@code EROFS} to every call that would change something there: opening for writing,
 * creating, truncating, removing, renaming, linking out of it, and setting sizes or times. Files
 * opened there are opened without write access, so Chicory itself refuses writes to them too. Not
 * thread-safe: a run calls its WASI functions from its one thread.
 */
final class WasiSandbox implements AutoCloseable {

    static final String WASI_MODULE = "wasi_snapshot_preview1";

    /** The first descriptor after stdin, stdout and stderr, which the first preopen gets. */
    private static final int FIRST_PREOPEN_FD = 3;

    // Numbers from the WASI preview 1 specification; Chicory keeps its own copies private.
    private static final long ESUCCESS = 0;
    private static final int EBADF = 8;
    private static final int EROFS = 69;
    private static final int ENOTCAPABLE = 76;
    private static final long OFLAGS_CREAT = 1;
    private static final long OFLAGS_TRUNC = 1 << 3;
    private static final long FDFLAGS_APPEND = 1;
    // Only the write right makes Chicory open a file writable. Programs ask for the other
    // rights that change a file (sizes, times) even when they open it to read, so those are
    // refused when used, on the descriptor, instead.
    private static final long RIGHTS_FD_WRITE = 1 << 6;

    /** Every {@code module.name} that WASI provides, for checking a module's imports. */
    static final Set<String> PROVIDED_FUNCTIONS = providedFunctions();

    private final WasiPreview1 wasi;
    private final Set<Integer> readOnlyFds = new HashSet<>();
    private final DirectoryConfinement confinement;
    private final HostFunction[] functions;

    private WasiSandbox(WasiPreview1 wasi, List<Preopen> preopens) {
        this.wasi = wasi;
        for (int i = 0; i < preopens.size(); i++) {
            if (!preopens.get(i).writable()) {
                readOnlyFds.add(FIRST_PREOPEN_FD + i);
            }
        }
        this.confinement = new DirectoryConfinement(preopens, FIRST_PREOPEN_FD);
        // Without directories there is nothing to guard, and the module gets Chicory's WASI as is.
        this.functions =
                preopens.isEmpty()
                        ? wasi.toHostFunctions()
                        : Arrays.stream(wasi.toHostFunctions())
                                .map(this::guarded)
                                .toArray(HostFunction[]::new);
    }

    /**
     * The WASI of one run.
     *
     * @param arguments argv, the program's name first
     * @param environment the environment variables, given to the module sorted by name
     */
    static WasiSandbox create(
            List<String> arguments,
            Map<String, String> environment,
            List<Preopen> preopens,
            OutputStream stdout,
            OutputStream stderr) {
        WasiOptions.Builder options =
                WasiOptions.builder()
                        .withArguments(arguments)
                        .withStdout(stdout, false)
                        .withStderr(stderr, false);
        new TreeMap<>(environment).forEach(options::withEnvironment);
        for (Preopen preopen : preopens) {
            options.withDirectory(preopen.guestPath(), preopen.hostPath());
        }
        WasiPreview1 wasi =
                WasiPreview1.builder()
                        .withLogger(ChicoryLog.INSTANCE)
                        .withOptions(options.build())
                        .build();
        return new WasiSandbox(wasi, preopens);
    }

    HostFunction[] functions() {
        return functions;
    }

    /** Closes every descriptor the module left open. */
    @Override
    public void close() {
        wasi.close();
    }

    private HostFunction guarded(HostFunction function) {
        WasmFunctionHandle original = confined(function.name(), function.handle());
        WasmFunctionHandle handle =
                switch (function.name()) {
                    case "path_open" -> (instance, args) -> pathOpen(original, instance, args);
                    case "fd_close" -> (instance, args) -> fdClose(original, instance, args);
                    case "fd_renumber" -> (instance, args) -> fdRenumber(original, instance, args);
                    case "fd_write", "fd_pwrite", "fd_allocate", "fd_filestat_set_size" ->
                            refusedOn(original, EBADF, 0);
                    case "fd_filestat_set_times",
                            "path_create_directory",
                            "path_remove_directory",
                            "path_unlink_file",
                            "path_filestat_set_times" ->
                            refusedOn(original, EROFS, 0);
                    case "path_symlink" -> refusedOn(original, EROFS, 2);
                    case "path_rename" -> refusedOn(original, EROFS, 0, 3);
                    case "path_link" -> refusedOn(original, EROFS, 0, 4);
                    default -> original;
                };
        return new HostFunction(
                function.module(), function.name(), function.functionType(), handle);
    }

    /**
     * The handle, checked first for paths that lead out of their preopened directory. Each entry
     * names the (descriptor, path pointer, path length) argument positions of one path, and where
     * the call's lookup flags are, or -1 for calls that never follow a final link.
     */
    private WasmFunctionHandle confined(String name, WasmFunctionHandle original) {
        int[][] paths =
                switch (name) {
                    case "path_open", "path_filestat_get", "path_filestat_set_times" ->
                            new int[][] {{0, 2, 3, 1}};
                    case "path_create_directory",
                            "path_remove_directory",
                            "path_unlink_file",
                            "path_readlink" ->
                            new int[][] {{0, 1, 2, -1}};
                    case "path_link" -> new int[][] {{0, 2, 3, 1}, {4, 5, 6, -1}};
                    case "path_rename" -> new int[][] {{0, 1, 2, -1}, {3, 4, 5, -1}};
                    case "path_symlink" -> new int[][] {{2, 0, 1, -1}, {2, 3, 4, -1}};
                    default -> new int[0][];
                };
        if (paths.length == 0) {
            return original;
        }
        return (instance, args) -> {
            for (int[] path : paths) {
                long flags = path[3] < 0 ? 0 : args[path[3]];
                if (confinement.escapes(
                        instance, args[path[0]], args[path[1]], args[path[2]], flags)) {
                    return new long[] {ENOTCAPABLE};
                }
            }
            return original.apply(instance, args);
        };
    }

    /** A handle that answers {@code errno} when any of the descriptor arguments is read-only. */
    private WasmFunctionHandle refusedOn(WasmFunctionHandle original, int errno, int... fdArgs) {
        return (instance, args) -> {
            for (int fdArg : fdArgs) {
                if (readOnlyFds.contains((int) args[fdArg])) {
                    return new long[] {errno};
                }
            }
            return original.apply(instance, args);
        };
    }

    // path_open(dirfd, lookupflags, path, path_len, oflags, rights_base, rights_inheriting,
    // fdflags, opened_fd_ptr)
    private long[] pathOpen(WasmFunctionHandle original, Instance instance, long[] args) {
        int dirFd = (int) args[0];
        boolean readOnly = readOnlyFds.contains(dirFd);
        if (readOnly
                && ((args[4] & (OFLAGS_CREAT | OFLAGS_TRUNC)) != 0
                        || (args[5] & RIGHTS_FD_WRITE) != 0
                        || (args[7] & FDFLAGS_APPEND) != 0)) {
            return new long[] {EROFS};
        }
        long[] result = original.apply(instance, args);
        if (result[0] == ESUCCESS) {
            int opened = instance.memory().readInt((int) args[8]);
            mark(opened, readOnly);
            confinement.opened(instance, dirFd, args[2], args[3], opened);
        }
        return result;
    }

    private long[] fdClose(WasmFunctionHandle original, Instance instance, long[] args) {
        long[] result = original.apply(instance, args);
        if (result[0] == ESUCCESS) {
            readOnlyFds.remove((int) args[0]);
            confinement.closed((int) args[0]);
        }
        return result;
    }

    private long[] fdRenumber(WasmFunctionHandle original, Instance instance, long[] args) {
        int from = (int) args[0];
        boolean readOnly = readOnlyFds.contains(from);
        long[] result = original.apply(instance, args);
        if (result[0] == ESUCCESS) {
            readOnlyFds.remove(from);
            mark((int) args[1], readOnly);
            confinement.renumbered(from, (int) args[1]);
        }
        return result;
    }

    private void mark(int fd, boolean readOnly) {
        if (readOnly) {
            readOnlyFds.add(fd);
        } else {
            readOnlyFds.remove(fd);
        }
    }

    private static Set<String> providedFunctions() {
        try (WasiPreview1 probe = WasiPreview1.builder().withLogger(ChicoryLog.INSTANCE).build()) {
            return Arrays.stream(probe.toHostFunctions())
                    .map(function -> function.module() + "." + function.name())
                    .collect(Collectors.toUnmodifiableSet());
        }
    }
}
