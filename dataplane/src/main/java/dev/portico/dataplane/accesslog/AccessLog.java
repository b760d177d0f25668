package dev.portico.dataplane.accesslog;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The access log: event loops hand each finished request's entry to a bounded queue and go on; one thread of its own
 * formats and writes the lines, flushing whenever the queue runs dry, and rests a moment when it finds it empty (so
 * no request ever pays for waking it). Writing to stdout or a file can block (a slow log
 * collector, a full disk), which an event loop must never do: when the queue is full the line is dropped and
 * counted ({@link #dropped()}, {@code portico_access_log_dropped_total}) instead.
 *
 * <p>Sampling ({@code --access-log-sample}) keeps a share of the successful requests' lines (status below 400) and
 * every other one: errors, requests whose client left before an answer (0) and WebSocket tunnels (101) are the
 * lines an operator goes looking for, and few. The lines left out cost neither the queue nor the writer's time.
 */
public final class AccessLog implements AutoCloseable {
    /** Lines waiting to be written: about a second of a data plane serving 70,000 requests a second. */
    static final int CAPACITY = 65_536;
    /**
     * How long the writer rests when it finds the queue empty: 1 ms under traffic, so each batch is small and takes
     * the core from an event loop only briefly (20 ms batches added ~1.5 ms to p95 on one core), doubling up to 50 ms
     * while idle.
     */
    private static final long MIN_PAUSE_NANOS = 1_000_000L;
    private static final long MAX_PAUSE_NANOS = 50_000_000L;
    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());
    private static final AccessEntry END = new AccessEntry("", "", null, null, null); // the writer's last

    private final BlockingQueue<AccessEntry> lines;
    private final OutputStream out;
    private final String target;
    private final double successShare;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    AccessLog(OutputStream out, String target, int capacity, double successShare) {
        if (!(successShare >= 0 && successShare <= 1)) {
            throw new IllegalArgumentException("a share of successful requests from 0 to 1, got " + successShare);
        }
        this.out = out;
        this.target = target;
        this.successShare = successShare;
        this.lines = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::write, "portico-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Every request's line. */
    public static AccessLog open(String target) {
        return open(target, 1);
    }

    /**
     * @param target {@code stdout}, or a file to append to
     * @param successShare the share of successful requests (status below 400) that get a line, from 0 to 1; every
     *     other request gets one
     * @throws IllegalArgumentException naming the file when it cannot be opened
     */
    public static AccessLog open(String target, double successShare) {
        if (target.equals("stdout")) {
            return new AccessLog(new FileOutputStream(java.io.FileDescriptor.out), target, CAPACITY, successShare);
        }
        try {
            return new AccessLog(new FileOutputStream(Path.of(target).toFile(), true), target, CAPACITY,
                    successShare);
        } catch (IOException e) {
            throw new IllegalArgumentException("--access-log " + target + ": cannot be opened for writing ("
                    + e.getMessage() + ")");
        }
    }

    /** Where the lines go: "stdout" or the file's path. */
    public String target() {
        return target;
    }

    /**
     * Queues the line of a request that is over, unless sampling leaves out its success. Never blocks: an entry that
     * finds the queue full is dropped and counted. The entry is the writer's from here on (the queue hands it over):
     * the event loop neither formats nor touches it again.
     */
    public void record(AccessEntry entry) {
        if (successful(entry.status()) && !sample()) {
            return;
        }
        offer(entry);
    }

    /**
     * Queues the line of a request that {@link #sample} chose at its start, or of one it did not that failed, as
     * {@link #record} does but without sampling again.
     */
    public void offer(AccessEntry entry) {
        if (closed || !lines.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Whether a request gets its line if it succeeds: true for the share sampling keeps. The forward path asks when a
     * request starts, so a left-out one builds no entry of its own; the Vert.x path asks at the end ({@link #record}).
     */
    public boolean sample() {
        return successShare >= 1 || ThreadLocalRandom.current().nextDouble() < successShare;
    }

    /** The statuses sampling applies to: answers below 400, but not a WebSocket tunnel (101). */
    public static boolean successful(int status) {
        return status >= 100 && status < 400 && status != 101;
    }

    /** The share of successful requests that get a line (1: all). */
    public double successShare() {
        return successShare;
    }

    /** Publishes {@code portico_access_log_dropped_total}. */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("portico_access_log_dropped", dropped, AtomicLong::get)
                .description("Access-log lines dropped because the writer fell behind").register(registry);
    }

    /** Lines dropped because the writer fell behind (or came after close). */
    public long dropped() {
        return dropped.get();
    }

    private void write() {
        List<AccessEntry> batch = new ArrayList<>(1024);
        StringBuilder line = new StringBuilder(512);
        IsoMillis time = new IsoMillis();
        byte[] bytes = new byte[1024];
        OutputStream sink = new BufferedOutputStream(out, 64 * 1024);
        try {
            long pause = MIN_PAUSE_NANOS;
            while (true) {
                if (lines.drainTo(batch, 4096) == 0) {
                    // parked, not waiting on the queue: an event loop's offer then never has a thread to wake
                    LockSupport.parkNanos(pause);
                    pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
                    continue;
                }
                pause = MIN_PAUSE_NANOS;
                for (AccessEntry entry : batch) {
                    if (entry == END) {
                        sink.flush();
                        if (!target.equals("stdout")) {
                            sink.close();
                        }
                        return;
                    }
                    line.setLength(0);
                    entry.appendJson(line, time);
                    line.append('\n');
                    if (bytes.length < line.length()) {
                        bytes = new byte[Math.max(line.length(), bytes.length * 2)];
                    }
                    if (ascii(line, bytes)) {
                        sink.write(bytes, 0, line.length());
                    } else {
                        sink.write(line.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
                batch.clear();
                if (lines.isEmpty()) {
                    sink.flush();
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "the access log to " + target + " stopped: " + e.getMessage());
            closed = true;
        }
    }

    /** Copies the line into {@code into} (long enough) when it is all ASCII, as nearly every line is. */
    private static boolean ascii(StringBuilder line, byte[] into) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            into[i] = (byte) c;
        }
        return true;
    }

    /** Writes what is queued (waiting up to two seconds), then stops; stdout itself stays open. */
    @Override
    public void close() {
        closed = true;
        try {
            if (lines.offer(END, 2, TimeUnit.SECONDS)) {
                writer.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
