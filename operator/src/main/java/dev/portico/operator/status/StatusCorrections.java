package dev.portico.operator.status;

import dev.portico.operator.ops.OperatorMetrics;
import dev.portico.operator.resolve.ObjectRef;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Puts right a status another client overwrote, at once rather than at the object's next change, without
 * letting two writers fight for ever.
 *
 * <p>The operator's own writes are told from others' by value: the informer may deliver an older own write
 * after a newer one went out, so each object's writes of the last {@link #WINDOW} are remembered. An object
 * whose status had to be corrected more than {@link #PER_WINDOW} times in a window is left as the other client
 * wrote it until the window is over, with one warning: that is another controller writing the same status,
 * most likely a second operator run without leader election.
 */
public final class StatusCorrections {
    static final int PER_WINDOW = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(StatusCorrections.class.getName());

    private record OwnWrite(Object status, long at) {
    }

    private final String kind;
    private final Clock clock;
    private final OperatorMetrics.Corrections counters;
    private final Map<ObjectRef, Deque<OwnWrite>> ownWrites = new ConcurrentHashMap<>();
    /** Only objects whose status someone else wrote have one; it goes when its window is over. */
    private final Map<ObjectRef, Window> windows = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /** @param kind for the warning: {@code GatewayRoute} or {@code RateLimitPolicy} */
    public StatusCorrections(String kind, Clock clock, OperatorMetrics.Corrections counters) {
        this.kind = kind;
        this.clock = clock;
        this.counters = counters;
        this.lastSweep = clock.millis();
    }

    /** Remembers a status this operator wrote. */
    public void wrote(ObjectRef ref, Object status) {
        long now = clock.millis();
        Deque<OwnWrite> recent = ownWrites.computeIfAbsent(ref, r -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(new OwnWrite(status, now));
            while (now - recent.peekFirst().at() > WINDOW.toMillis()) {
                recent.removeFirst();
            }
        }
        if (now - lastSweep > WINDOW.toMillis()) {
            lastSweep = now; // objects written once and then deleted must not be remembered for ever
            ownWrites.entrySet().removeIf(e -> stale(e.getValue(), now));
            windows.entrySet().removeIf(e -> e.getValue().over(now));
        }
    }

    /**
     * Whether an update's status was written by another client and is not what this operator wants; if so,
     * the next write to {@code ref} is a correction.
     *
     * @param desired the status the operator would write now, null when it has nothing to say yet; asked only
     *                of statuses it did not write itself
     */
    public boolean overwritten(ObjectRef ref, Object oldStatus, Object freshStatus, Supplier<?> desired) {
        if (Objects.equals(oldStatus, freshStatus) || ours(ref, freshStatus)) {
            return false;
        }
        Object wanted = desired.get();
        if (wanted == null || wanted.equals(freshStatus)) {
            return false;
        }
        windows.computeIfAbsent(ref, r -> new Window(clock.millis())).pending = true;
        return true;
    }

    /**
     * When a status write to {@code ref} may go out: now ({@link Duration#ZERO}) unless it would correct another
     * client once too often in the window, then when the window is over.
     */
    public Duration writeAllowedIn(ObjectRef ref) {
        Window window = windows.get(ref);
        if (window == null) {
            return Duration.ZERO;
        }
        synchronized (window) {
            long now = clock.millis();
            if (now - window.start >= WINDOW.toMillis()) {
                if (!window.pending) {
                    windows.remove(ref, window);
                    return Duration.ZERO;
                }
                window.start = now;
                window.count = 0;
                window.warned = false;
            }
            if (!window.pending) {
                return Duration.ZERO;
            }
            if (window.count < PER_WINDOW) {
                window.count++;
                window.pending = false;
                counters.corrected().increment();
                return Duration.ZERO;
            }
            counters.heldBack().increment();
            if (!window.warned) {
                window.warned = true;
                LOG.log(Level.WARNING, "the status of " + kind + " " + ref + " was overwritten by another client "
                        + window.count + " times within " + WINDOW.toSeconds() + " s and put right each time; it "
                        + "stays as that client wrote it for the rest of the minute. Is a second Portico operator "
                        + "running against this API with --leader-election false?");
            }
            return Duration.ofMillis(window.start + WINDOW.toMillis() - now);
        }
    }

    /** Objects anything is remembered of, for tests. */
    int remembered() {
        Set<ObjectRef> refs = new HashSet<>(ownWrites.keySet());
        refs.addAll(windows.keySet());
        return refs.size();
    }

    private boolean ours(ObjectRef ref, Object status) {
        Deque<OwnWrite> recent = ownWrites.get(ref);
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            for (var newestFirst = recent.descendingIterator(); newestFirst.hasNext(); ) {
                if (newestFirst.next().status().equals(status)) { // an echo is most often of the latest write
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean stale(Deque<OwnWrite> recent, long now) {
        synchronized (recent) {
            return recent.isEmpty() || now - recent.peekLast().at() > WINDOW.toMillis();
        }
    }

    private static final class Window {
        volatile boolean pending;
        long start;
        int count;
        boolean warned;

        Window(long start) {
            this.start = start;
        }

        /** Two windows on: nothing of it matters any more, a deleted object's included. */
        synchronized boolean over(long now) {
            return now - start >= 2 * WINDOW.toMillis();
        }
    }
}
