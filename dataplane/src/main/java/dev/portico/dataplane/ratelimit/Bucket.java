package dev.portico.dataplane.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/** One key's GCRA state, changed only by compare-and-set so event loops never lock. */
final class Bucket {
    /** A bucket taken out of its map: a thread holding it looks the key up again. */
    static final long RETIRED = Long.MIN_VALUE;

    private final AtomicLong tat;

    Bucket(long tat) {
        this.tat = new AtomicLong(tat);
    }

    long tat() {
        return tat.get();
    }

    boolean advance(long expected, long next) {
        return tat.compareAndSet(expected, next);
    }

    /** Gives one request's interval back (the request was refused by another limit). */
    void refund(long interval) {
        long current;
        do {
            current = tat.get();
            if (current == RETIRED) {
                return;
            }
        } while (!tat.compareAndSet(current, current - interval));
    }

    /** Retires the bucket if it is full at {@code now}: removing it then loses nothing. */
    boolean retireIfFull(long now) {
        long current = tat.get();
        return current != RETIRED && current <= now && tat.compareAndSet(current, RETIRED);
    }

    /** Retires the bucket if its TAT is at most {@code limit} (eviction under the cap). */
    boolean retireIfAtMost(long limit) {
        long current = tat.get();
        return current != RETIRED && current <= limit && tat.compareAndSet(current, RETIRED);
    }
}
