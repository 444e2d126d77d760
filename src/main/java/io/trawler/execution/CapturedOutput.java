package io.trawler.execution;

/**
 * The head of one output stream of a job.
 *
 * @param text the first bytes of the stream, decoded as UTF-8 (malformed bytes replaced)
 * @param truncated whether the stream was longer than what was kept
 * @param totalBytes how many bytes the job wrote to the stream in all
 */
public record CapturedOutput(String text, boolean truncated, long totalBytes) {

    public static final CapturedOutput EMPTY = new CapturedOutput("", false, 0);
}
