package io.trawler.execution;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that keeps the first {@code cap} bytes written to it and counts the rest, so a
 * job that floods its stdout costs the worker a fixed amount of memory. Thread-safe.
 */
public final class BoundedCapture extends OutputStream {

    private final int cap;
    private final ByteArrayOutputStream head;
    private long total;

    public BoundedCapture(int cap) {
        this.cap = cap;
        this.head = new ByteArrayOutputStream(Math.min(cap, 8192));
    }

    @Override
    public synchronized void write(int b) {
        if (total < cap) {
            head.write(b);
        }
        total++;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (total < cap) {
            head.write(bytes, offset, (int) Math.min(length, cap - total));
        }
        total += length;
    }

    /** What was kept so far, and whether anything was cut. */
    public synchronized CapturedOutput captured() {
        String text = new String(head.toByteArray(), StandardCharsets.UTF_8);
        return new CapturedOutput(text, total > cap, total);
    }
}
