package io.trawler.execution.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.function.Function;

/**
 * A module parsed, validated and, with the compiler runtime, compiled to JVM bytecode once, ready
 * to be instantiated by any number of runs at once.
 *
 * @param sha256 the hex SHA-256 of the module's bytes, its key in the cache
 * @param module the parsed module
 * @param machineFactory makes the machine that runs one instance: compiled code or the interpreter
 */
record PreparedModule(
        String sha256, WasmModule module, Function<Instance, Machine> machineFactory) {}
