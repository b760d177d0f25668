package dev.portico.dataplane;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What every logger logs at INFO or above from {@link #start} to {@link #close} (System.Logger goes to JUL). */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture() {
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    /** Everything captured so far, live until closed. */
    public List<LogRecord> records() {
        return records;
    }

    /** What {@code source}'s logger (named after its class) logged. */
    public List<LogRecord> from(Class<?> source) {
        return records.stream().filter(r -> source.getName().equals(r.getLoggerName())).toList();
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
