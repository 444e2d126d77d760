package io.trawler.execution.wasm;

import com.dylibso.chicory.runtime.Memory;

/**
 * A module asked for more memory than the operator's cap allows. Unchecked so that it passes
 * through the guest's frames and Chicory's machines unchanged and ends the run.
 */
final class MemoryCapExceeded extends RuntimeException {

    MemoryCapExceeded(long wantedPages, int capPages) {
        super(
                "the module asked for "
                        + wantedPages
                        + " memory pages ("
                        + mebibytes(wantedPages)
                        + " MiB), more than this worker's cap of "
                        + capPages
                        + " pages ("
                        + mebibytes(capPages)
                        + " MiB)",
                null,
                false,
                false);
    }

    private static long mebibytes(long pages) {
        return pages * Memory.PAGE_SIZE / (1024 * 1024);
    }
}
