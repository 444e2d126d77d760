package io.trawler.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one-way switch through which the worker asks an execution to stop. The first reason given
 * wins; later requests are ignored. Executors register what stopping means for them with {@link
 * #onStop}.
 */
public final class StopSignal {

    private final List<Runnable> actions = new ArrayList<>();
    private StopReason reason;
    private String detail = "";

    /** Asks the execution to stop; returns false when a stop was already requested. */
    public boolean stop(StopReason stopReason) {
        return stop(stopReason, "");
    }

    /**
     * Asks the execution to stop, with words for the job's event (a client's cancel reason, for
     * example); returns false when a stop was already requested.
     */
    public boolean stop(StopReason stopReason, String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return false;
            }
            reason = stopReason;
            detail = why == null ? "" : why;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        // Actions run outside the lock: stopping a container can take seconds.
        toRun.forEach(Runnable::run);
        return true;
    }

    /** The reason a stop was requested, if one was. */
    public synchronized Optional<StopReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** The words given with the stop request, or an empty string. */
    public synchronized String detail() {
        return detail;
    }

    public synchronized boolean isStopped() {
        return reason != null;
    }

    /**
     * Registers what to do when a stop is requested. When one already was, the action runs at once
     * on the calling thread.
     */
    public void onStop(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }
}
