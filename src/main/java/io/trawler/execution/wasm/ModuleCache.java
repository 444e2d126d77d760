package io.trawler.execution.wasm;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.trawler.config.TrawlerConfig;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Prepared modules keyed by the SHA-256 of their bytes, so a module that ran before is neither
 * parsed nor compiled again. Holds at most a fixed number of modules and drops the one used least
 * recently. Runs that ask for the same new module at once wait for one preparation. Thread-safe.
 */
final class ModuleCache {

    private static final Logger LOG = Logger.getLogger(ModuleCache.class);

    private final TrawlerConfig.Wasm.Runtime runtime;
    private final int capacity;
    private final Map<String, CompletableFuture<PreparedModule>> entries;
    private final AtomicLong preparations = new AtomicLong();

    ModuleCache(TrawlerConfig.Wasm.Runtime runtime, int capacity) {
        this.runtime = runtime;
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * The prepared module for these bytes, from the cache or prepared now.
     *
     * @param what names the module in messages
     * @throws JobFailure with {@code INPUT_UNAVAILABLE} when the bytes are not a valid module
     * @throws InterruptedException when the run is stopped while another run prepares the module
     */
    PreparedModule prepare(byte[] bytes, String what) throws JobFailure, InterruptedException {
        String sha256 = sha256(bytes);
        CompletableFuture<PreparedModule> entry;
        boolean mine = false;
        synchronized (entries) {
            entry = entries.get(sha256);
            if (entry == null) {
                entry = new CompletableFuture<>();
                entries.put(sha256, entry);
                mine = true;
                evictBeyondCapacity();
            }
        }
        if (mine) {
            prepareInto(entry, sha256, bytes);
        }
        return await(entry, sha256, what);
    }

    /** How many modules were parsed and compiled since this cache was made. */
    long preparations() {
        return preparations.get();
    }

    /** How many modules the cache holds now. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void evictBeyondCapacity() {
        var oldest = entries.keySet().iterator();
        while (entries.size() > capacity && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private void prepareInto(CompletableFuture<PreparedModule> entry, String sha256, byte[] bytes) {
        long started = System.nanoTime();
        try {
            WasmModule module = Parser.parse(bytes);
            preparations.incrementAndGet();
            entry.complete(new PreparedModule(sha256, module, machineFactory(module)));
            LOG.debugf(
                    "module prepared sha256=%s runtime=%s bytes=%d millis=%d",
                    sha256, runtime, bytes.length, (System.nanoTime() - started) / 1_000_000);
        } catch (ChicoryException | IllegalArgumentException e) {
            forget(sha256, entry);
            entry.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            // Not the module's fault, but the waiting runs must hear of it all the same.
            forget(sha256, entry);
            entry.completeExceptionally(e);
            throw e;
        }
    }

    private Function<Instance, Machine> machineFactory(WasmModule module) {
        if (runtime == TrawlerConfig.Wasm.Runtime.INTERPRETER) {
            return InterpreterMachine::new;
        }
        // Functions too large for one JVM method run in the interpreter, without a warning on
        // stderr for every instance.
        return MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .compile();
    }

    /** A module that failed to prepare is not cached: the same bytes fail the same way again. */
    private void forget(String sha256, CompletableFuture<PreparedModule> entry) {
        synchronized (entries) {
            entries.remove(sha256, entry);
        }
    }

    private static PreparedModule await(
            CompletableFuture<PreparedModule> entry, String sha256, String what)
            throws JobFailure, InterruptedException {
        try {
            return entry.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ChicoryException || cause instanceof IllegalArgumentException) {
                throw JobFailure.inputUnavailable(
                        what + " is not a valid WebAssembly module: " + cause.getMessage(), cause);
            }
            throw new IllegalStateException(
                    "preparing module sha256=" + sha256 + " failed unexpectedly", cause);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
