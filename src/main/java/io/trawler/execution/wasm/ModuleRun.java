package io.trawler.execution.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Store;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.trawler.execution.BoundedCapture;
import io.trawler.execution.ExecutionOutcome;
import io.trawler.execution.ExecutionRequest;
import io.trawler.execution.ExecutionResult;
import io.trawler.execution.FailureReason;
import io.trawler.execution.StopReason;
import io.trawler.execution.storage.JobStorage;
import io.trawler.execution.storage.JobWorkspace;
import io.trawler.execution.storage.StorageException;
import io.trawler.job.StorageSpec;
import io.trawler.job.WasmEngineSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One run of a wasm job, from fetching its modules to the exit of its entry point, on the run's own
 * thread. Whatever the job does wrong becomes the outcome; only a fault of the worker escapes.
 */
final class ModuleRun {

    private static final Logger LOG = Logger.getLogger(ModuleRun.class);
    private static final String DEFAULT_PROGRAM_NAME = "main.wasm";

    private final ExecutionRequest request;
    private final String jobId;
    private final WasmEngineSpec spec;
    private final JobStorage storage;
    private final ModuleLoader loader;
    private final ModuleCache cache;
    private final int memoryCapPages;
    private final Supplier<Optional<StopReason>> stopRequested;
    private final BoundedCapture stdout;
    private final BoundedCapture stderr;
    private boolean guestStarted;

    ModuleRun(
            ExecutionRequest request,
            JobStorage storage,
            ModuleLoader loader,
            ModuleCache cache,
            int memoryCapPages,
            Supplier<Optional<StopReason>> stopRequested) {
        this.request = request;
        this.jobId = request.jobId();
        this.spec = (WasmEngineSpec) request.job().engine();
        this.storage = storage;
        this.loader = loader;
        this.cache = cache;
        this.memoryCapPages = memoryCapPages;
        this.stopRequested = stopRequested;
        this.stdout = new BoundedCapture(request.outputCap());
        this.stderr = new BoundedCapture(request.outputCap());
    }

    /** Runs the job and says how it ended. */
    ExecutionOutcome run() {
        ExecutionOutcome outcome = prepareAndRun();
        // A stop that came before the module started wins over whatever the preparing step
        // made of the interruption (a download cut short, for example).
        if (!guestStarted && stopRequested.get().isPresent()) {
            return stopped();
        }
        return outcome;
    }

    private ExecutionOutcome prepareAndRun() {
        try {
            JobModules modules = prepareModules();

            List<String> unresolved = modules.unresolvedImports();
            if (!unresolved.isEmpty()) {
                return failed(
                        FailureReason.UNSUPPORTED_IMPORTS,
                        "the module imports what this worker does not provide: "
                                + String.join(", ", unresolved));
            }

            try (JobWorkspace workspace = storage.prepare(request)) {
                ExecutionOutcome ran = execute(modules, Preopens.of(workspace));
                return guestStarted && !(ran instanceof ExecutionOutcome.Stopped)
                        ? workspace.publishAfter(ran)
                        : ran;
            }
        } catch (JobFailure e) {
            return failed(e.reason(), e.getMessage());
        } catch (StorageException e) {
            return failed(e.reason(), e.getMessage());
        } catch (InterruptedException e) {
            return stopped();
        }
    }

    /** Instantiates every module and calls the entry point. */
    private ExecutionOutcome execute(JobModules modules, List<Preopen> preopens) {
        try {
            int exitCode = instantiateAndCall(modules, preopens);
            return ExecutionOutcome.ofExit(
                    ExecutionResult.exited(exitCode, stdout.captured(), stderr.captured()));
        } catch (JobFailure e) {
            return failed(e.reason(), e.getMessage());
        } catch (ChicoryInterruptedException e) {
            return stopped();
        } catch (MemoryCapExceeded e) {
            return failed(FailureReason.OUT_OF_MEMORY, e.getMessage());
        } catch (UnlinkableException e) {
            return failed(
                    FailureReason.UNSUPPORTED_IMPORTS,
                    "the module cannot be linked: " + e.getMessage());
        } catch (ChicoryException e) {
            // Traps, exhausted call stacks, WASI calls Chicory refuses: the guest's doing.
            LOG.debugf("module trapped jobId=%s message=%s", jobId, e.getMessage());
            return failed(FailureReason.TRAP, "the module trapped: " + e.getMessage());
        }
    }

    /** The captured output so far, for an outcome made outside this class. */
    ExecutionResult partialResult() {
        return resultWithoutExit();
    }

    private JobModules prepareModules() throws JobFailure, InterruptedException {
        PreparedModule entry = prepare(spec.entryModule(), "the entry module");
        List<JobModules.Named> imports = new ArrayList<>();
        for (int i = 0; i < spec.importModules().size(); i++) {
            StorageSpec importSpec = spec.importModules().get(i);
            String what = "import module " + (i + 1);
            if (importSpec == null || importSpec.name() == null || importSpec.name().isBlank()) {
                throw JobFailure.inputUnavailable(
                        what + " has no Name, which is the module name it is imported by");
            }
            imports.add(new JobModules.Named(importSpec.name(), prepare(importSpec, what)));
        }
        return new JobModules(programName(), entry, imports);
    }

    private PreparedModule prepare(StorageSpec moduleSpec, String what)
            throws JobFailure, InterruptedException {
        byte[] bytes = loader.load(moduleSpec, what);
        return cache.prepare(bytes, what);
    }

    private String programName() {
        StorageSpec entry = spec.entryModule();
        return entry.name() == null || entry.name().isBlank() ? DEFAULT_PROGRAM_NAME : entry.name();
    }

    /** Returns the exit code: the one given to proc_exit, or 0 when the entry point returns. */
    private int instantiateAndCall(JobModules modules, List<Preopen> preopens) throws JobFailure {
        List<String> arguments = new ArrayList<>();
        arguments.add(modules.entryName());
        arguments.addAll(spec.parameters());
        try (WasiSandbox wasi =
                WasiSandbox.create(
                        arguments, spec.environmentVariables(), preopens, stdout, stderr)) {
            Store store = new Store().addFunction(wasi.functions());
            guestStarted = true;
            for (JobModules.Named named : modules.imports()) {
                store.register(named.name(), instantiate(named.module(), store.toImportValues()));
            }
            Instance entry = instantiate(modules.entry(), store.toImportValues());
            entryPoint(entry, modules.entry()).apply();
            return 0;
        } catch (WasiExitException e) {
            return e.exitCode();
        }
    }

    private Instance instantiate(PreparedModule prepared, ImportValues imports) {
        return Instance.builder(prepared.module())
                .withImportValues(imports)
                .withMachineFactory(prepared.machineFactory())
                .withMemoryFactory(limits -> CappedMemory.of(limits, memoryCapPages))
                .withStart(false)
                .build();
    }

    private ExportFunction entryPoint(Instance instance, PreparedModule prepared)
            throws JobFailure {
        String name = spec.entryPointOrDefault();
        if (!exportsFunction(prepared, name)) {
            throw JobFailure.inputUnavailable(
                    "the entry module exports no function named '" + name + "'");
        }
        FunctionType type = instance.exportType(name);
        if (!type.params().isEmpty()) {
            throw JobFailure.inputUnavailable(
                    "the entry point '" + name + "' takes parameters; it must take none");
        }
        return instance.export(name);
    }

    private static boolean exportsFunction(PreparedModule prepared, String name) {
        ExportSection section = prepared.module().exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            Export export = section.getExport(i);
            if (export.name().equals(name) && export.exportType() == ExternalType.FUNCTION) {
                return true;
            }
        }
        return false;
    }

    private ExecutionOutcome failed(FailureReason reason, String message) {
        return new ExecutionOutcome.Failed(reason, message, resultWithoutExit());
    }

    private ExecutionOutcome stopped() {
        // Only a stop request interrupts a run's thread; INTERRUPT covers an interrupt from
        // elsewhere, which the worker treats like shutdown.
        StopReason reason = stopRequested.get().orElse(StopReason.INTERRUPT);
        return new ExecutionOutcome.Stopped(reason, resultWithoutExit());
    }

    private ExecutionResult resultWithoutExit() {
        return new ExecutionResult(
                OptionalInt.empty(), stdout.captured(), stderr.captured(), List.of());
    }
}
