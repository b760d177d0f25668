package dev.portico.dataplane.proxy;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Coarse deadlines for the requests of one event loop: a hashed wheel turned by one periodic tick,
 * so arming, moving and cancelling a request's deadline is a few field writes instead of a scheduled
 * task, a timer-map entry and a priority-queue update per request. A deadline fires up to one tick
 * late. Used from its event loop only.
 */
final class Deadlines {
    /** What a deadline runs; an object keeps its place on the wheel through these links. */
    abstract static class Entry {
        private Entry prev;
        private Entry next;
        private long tick = -1;

        /** Runs on the event loop once the deadline passed, unless cancelled or moved before. */
        protected abstract void expired();

        final boolean armed() {
            return tick >= 0;
        }
    }

    private static final int SLOTS = 512; // a power of two; deadlines further out wait whole turns

    private final Entry[] heads = new Entry[SLOTS];
    private final long tickNanos;
    private final long origin = System.nanoTime();
    private long done; // every tick up to and including this one has been processed
    private final Vertx vertx;
    private final long periodic;

    /** Starts ticking on the calling event loop's context. */
    Deadlines(Vertx vertx, long tickMs) {
        this.vertx = vertx;
        this.tickNanos = tickMs * 1_000_000L;
        this.periodic = vertx.setPeriodic(tickMs, id -> advance());
    }

    /** (Re)arms {@code e} to fire once {@link System#nanoTime()} reached {@code deadlineNanos}; replaces any earlier deadline. */
    void arm(Entry e, long deadlineNanos) {
        cancel(e);
        long fromOrigin = Math.max(deadlineNanos - origin, 0);
        long tick = Math.max((fromOrigin + tickNanos - 1) / tickNanos, done + 1);
        e.tick = tick;
        int slot = (int) (tick & (SLOTS - 1));
        Entry head = heads[slot];
        e.next = head;
        if (head != null) {
            head.prev = e;
        }
        heads[slot] = e;
    }

    void cancel(Entry e) {
        if (e.tick < 0) {
            return;
        }
        int slot = (int) (e.tick & (SLOTS - 1));
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            heads[slot] = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.tick = -1;
    }

    void close() {
        vertx.cancelTimer(periodic);
    }

    private void advance() {
        long now = (System.nanoTime() - origin) / tickNanos;
        long last = Math.min(now, done + SLOTS); // after a long pause one turn visits every slot
        for (long t = done + 1; t <= last; t++) {
            expire((int) (t & (SLOTS - 1)), now);
        }
        done = now;
    }

    private void expire(int slot, long now) {
        List<Entry> due = null;
        for (Entry e = heads[slot]; e != null; e = e.next) {
            if (e.tick <= now) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(e);
            }
        }
        if (due == null) {
            return;
        }
        for (Entry e : due) {
            if (e.tick >= 0 && e.tick <= now) { // an earlier one's expiry may have moved or cancelled it
                cancel(e);
                e.expired();
            }
        }
    }
}
