package io.trawler.execution.wasm;

import com.dylibso.chicory.log.Logger;

/** Sends Chicory's own log lines to JBoss Logging, under this package's category. */
final class ChicoryLog implements Logger {

    static final ChicoryLog INSTANCE = new ChicoryLog();

    private static final org.jboss.logging.Logger LOG =
            org.jboss.logging.Logger.getLogger("io.trawler.execution.wasm.chicory");

    private ChicoryLog() {}

    @Override
    public void log(Level level, String msg, Throwable throwable) {
        LOG.log(toJboss(level), msg, throwable);
    }

    @Override
    public boolean isLoggable(Level level) {
        return level != Level.OFF && LOG.isEnabled(toJboss(level));
    }

    private static org.jboss.logging.Logger.Level toJboss(Level level) {
        return switch (level) {
            case ALL, TRACE -> org.jboss.logging.Logger.Level.TRACE;
            case DEBUG -> org.jboss.logging.Logger.Level.DEBUG;
            case INFO -> org.jboss.logging.Logger.Level.INFO;
            case WARNING -> org.jboss.logging.Logger.Level.WARN;
            case ERROR, OFF -> org.jboss.logging.Logger.Level.ERROR;
        };
    }
}
