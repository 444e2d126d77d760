package io.trawler.validation;

import io.trawler.job.StorageSpec;
import io.trawler.job.WasmEngineSpec;
import java.util.List;

/** Checks the parameters of a wasm job: its modules, entry point, arguments and environment. */
final class WasmChecks {

    private static final int MAX_ENTRY_POINT_BYTES = 255;

    private final StorageChecks storage;
    private final ProcessChecks process;

    WasmChecks(StorageChecks storage, ProcessChecks process) {
        this.storage = storage;
        this.process = process;
    }

    void check(WasmEngineSpec wasm, JsonPath params, Violations violations) {
        JsonPath entryModule = params.field("EntryModule");
        if (wasm.entryModule() == null) {
            violations.add(
                    ViolationCode.MISSING_ENGINE_PARAM,
                    entryModule,
                    "a wasm job needs an EntryModule");
        } else {
            storage.checkModule(wasm.entryModule(), entryModule, violations);
        }
        checkEntryPoint(wasm.entryPoint(), params.field("EntryPoint"), violations);
        process.checkArguments(
                List.of(new ProcessChecks.Arguments(params.field("Parameters"), wasm.parameters())),
                violations);
        process.checkEnvironmentMap(
                wasm.environmentVariables(), params.field("EnvironmentVariables"), violations);
        checkImports(wasm.importModules(), params.field("ImportModules"), violations);
    }

    /**
     * An export name is any UTF-8 text to WebAssembly; this worker takes names a person can read
     * and a log can show: up to 255 bytes, without white space or control characters.
     */
    private static void checkEntryPoint(String entryPoint, JsonPath path, Violations violations) {
        if (entryPoint == null || entryPoint.isEmpty()) {
            return;
        }
        boolean valid =
                ProcessChecks.utf8Length(entryPoint) <= MAX_ENTRY_POINT_BYTES
                        && entryPoint.codePoints().noneMatch(WasmChecks::isUnreadable);
        if (!valid) {
            violations.add(
                    ViolationCode.INVALID_ENTRY_POINT,
                    path,
                    "EntryPoint must be an export name of at most 255 bytes without white space or"
                            + " control characters, got "
                            + Violations.quote(entryPoint));
        }
    }

    private static boolean isUnreadable(int codePoint) {
        return Character.isISOControl(codePoint)
                || Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.SURROGATE;
    }

    private void checkImports(List<StorageSpec> imports, JsonPath path, Violations violations) {
        for (int i = 0; i < imports.size(); i++) {
            if (imports.get(i) == null) {
                violations.add(
                        ViolationCode.MALFORMED_DOCUMENT,
                        path.index(i),
                        "an import module cannot be null");
            } else {
                storage.checkModule(imports.get(i), path.index(i), violations);
            }
        }
    }
}
