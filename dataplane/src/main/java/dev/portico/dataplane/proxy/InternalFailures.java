package dev.portico.dataplane.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log of failures inside the gateway (bugs, never the client's or the upstream's fault). Each cause (exception
 * class and throwing frame) gets its stack trace once; after that one line at most every {@link #QUIET_NANOS}, with
 * how many requests it failed since, so a failure met by every request cannot flood the log.
 */
final class InternalFailures {
    static final long QUIET_NANOS = 10_000_000_000L;
    private static final int MAX_CAUSES = 256;
    private static final String OTHER = "";
    private static final System.Logger LOG = System.getLogger(GatewayHandler.class.getName());

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final System.Logger log;

    InternalFailures() {
        this(LOG);
    }

    InternalFailures(System.Logger log) {
        this.log = log;
    }

    private static final class Seen {
        final AtomicLong since = new AtomicLong(); // failures not yet reported
        final AtomicLong lastNanos;

        Seen(long now) {
            lastNanos = new AtomicLong(now);
        }
    }

    void failed(String requestId, Throwable cause) {
        failed(requestId, cause, System.nanoTime());
    }

    void failed(String requestId, Throwable cause, long now) {
        String key = key(cause);
        Seen s = seen.get(key);
        if (s == null) {
            if (seen.size() >= MAX_CAUSES) { // past the cap every new cause shares one quiet line
                s = seen.computeIfAbsent(OTHER, k -> new Seen(now - QUIET_NANOS));
            } else if (seen.putIfAbsent(key, new Seen(now)) == null) {
                log.log(System.Logger.Level.ERROR, "request " + requestId + " failed inside the gateway (its stack "
                        + "trace is logged once; later failures of the same cause get a line every 10 s)", cause);
                return;
            } else {
                s = seen.get(key);
            }
        }
        s.since.incrementAndGet();
        long last = s.lastNanos.get();
        if (now - last >= QUIET_NANOS && s.lastNanos.compareAndSet(last, now)) {
            log.log(System.Logger.Level.ERROR, "request " + requestId + " failed inside the gateway: " + cause + " ("
                    + s.since.getAndSet(0) + " failures of this cause since its last line)");
        }
    }

    private static String key(Throwable cause) {
        StackTraceElement[] trace = cause.getStackTrace();
        return cause.getClass().getName() + (trace.length == 0 ? "" : "@" + trace[0]);
    }
}
