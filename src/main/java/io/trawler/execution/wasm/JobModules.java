package io.trawler.execution.wasm;

import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ImportSection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The prepared modules of one job: the entry module, and the import modules it may import from,
 * each under the name it is imported by. Import modules are instantiated in order, so each one may
 * import from WASI and from the ones before it.
 *
 * @param entryName the entry module's name, which the module gets as {@code argv[0]}
 */
record JobModules(String entryName, PreparedModule entry, List<Named> imports) {

    JobModules {
        imports = List.copyOf(imports);
    }

    /** An import module and the name other modules import it by. */
    record Named(String name, PreparedModule module) {}

    /**
     * The imports, as {@code module.name}, that neither WASI nor an earlier import module provides,
     * in the order the modules declare them; empty when everything links.
     */
    List<String> unresolvedImports() {
        Set<String> provided = new HashSet<>();
        WasiSandbox.PROVIDED_FUNCTIONS.forEach(
                name -> provided.add(key(ExternalType.FUNCTION, name)));
        List<String> unresolved = new ArrayList<>();
        for (Named named : imports) {
            collectUnresolved(named.module(), provided, unresolved);
            addExports(named, provided);
        }
        collectUnresolved(entry, provided, unresolved);
        return unresolved;
    }

    private static void collectUnresolved(
            PreparedModule module, Set<String> provided, List<String> unresolved) {
        ImportSection section = module.module().importSection();
        for (int i = 0; i < section.importCount(); i++) {
            Import imported = section.getImport(i);
            String name = imported.module() + "." + imported.name();
            if (!provided.contains(key(imported.importType(), name))
                    && !unresolved.contains(name)) {
                unresolved.add(name);
            }
        }
    }

    private static void addExports(Named named, Set<String> provided) {
        ExportSection section = named.module().module().exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            Export export = section.getExport(i);
            provided.add(key(export.exportType(), named.name() + "." + export.name()));
        }
    }

    private static String key(ExternalType type, String name) {
        return type + " " + name;
    }
}
