package io.trawler.execution.wasm;

import java.nio.file.Path;

/**
 * A host directory the module sees as a WASI preopened directory.
 *
 * @param guestPath the path the module opens it by, such as {@code /inputs}
 * @param hostPath the directory on the host
 * @param writable whether the module may change what is in it
 */
record Preopen(String guestPath, Path hostPath, boolean writable) {}
