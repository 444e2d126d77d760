package io.trawler.execution.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.trawler.execution.BoundedCapture;
import io.trawler.execution.CapturedOutput;

/**
 * Receives a container's multiplexed output from an attach made before the container started, so
 * that nothing it writes is missed, and keeps the head of stdout and of stderr separately.
 */
final class OutputCapture extends ResultCallback.Adapter<Frame> {

    private final BoundedCapture stdout;
    private final BoundedCapture stderr;

    OutputCapture(int cap) {
        this.stdout = new BoundedCapture(cap);
        this.stderr = new BoundedCapture(cap);
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        switch (frame.getStreamType()) {
            case STDERR -> stderr.write(payload, 0, payload.length);
            // A container without a TTY never sends raw frames; count them as stdout if one does.
            case STDOUT, RAW -> stdout.write(payload, 0, payload.length);
            default -> {
                // STDIN frames are never sent back by the engine.
            }
        }
    }

    CapturedOutput stdout() {
        return stdout.captured();
    }

    CapturedOutput stderr() {
        return stderr.captured();
    }
}
