package io.trawler.validation;

import io.trawler.job.ByteSize;
import io.trawler.job.CpuQuantity;
import java.util.Optional;

/**
 * The resources a job will be given, with the operator's defaults filled in where the job asked for
 * none. Disk is only a limit where an executor can enforce one.
 */
public record ResourceRequest(
        CpuQuantity cpu, ByteSize memory, Optional<ByteSize> disk, int gpus) {}
