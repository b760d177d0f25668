package dev.portico.dataplane.ratelimit;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Every Local bucket of the data plane, shared by all event loops: a concurrent map of GCRA cells,
 * each changed by compare-and-set, so counts are exact across threads without a lock.
 *
 * <p>Memory stays bounded: a full bucket carries no information and is dropped by {@link #expireIdle};
 * above {@code maxBuckets} the buckets closest to full (whose loss forgives the fewest requests) are
 * evicted down to 90% of the cap.
 */
public final class LocalBuckets {
    private final ConcurrentHashMap<BucketKey, Bucket> buckets = new ConcurrentHashMap<>();
    private final int maxBuckets;
    private final LongSupplier clock;
    private final long origin;
    private final AtomicBoolean trimming = new AtomicBoolean();
    private final LongAdder evictions = new LongAdder();

    private record BucketKey(String limit, String value) {
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    public LocalBuckets(int maxBuckets, LongSupplier clock) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be at least 1, got " + maxBuckets);
        }
        this.maxBuckets = maxBuckets;
        this.clock = clock;
        this.origin = clock.getAsLong() - 1; // keeps 'now' positive, so a fresh bucket's TAT 0 means full
    }

    public LocalBuckets(int maxBuckets) {
        this(maxBuckets, System::nanoTime);
    }

    long now() {
        return clock.getAsLong() - origin;
    }

    /** Counts one request against {@code key}'s bucket of {@code spec}, if it has room. */
    Verdict take(LimitSpec spec, String key, long now) {
        BucketKey k = new BucketKey(spec.id(), key);
        while (true) {
            Bucket bucket = bucketFor(k);
            long tat = bucket.tat();
            if (tat == Bucket.RETIRED) {
                buckets.remove(k, bucket);
                continue;
            }
            long next = Gcra.admit(tat, now, spec.intervalNanos(), spec.toleranceNanos());
            if (next < 0) {
                return Gcra.rejected(tat, now, spec);
            }
            if (bucket.advance(tat, next)) {
                return Gcra.admitted(next, now, spec);
            }
        }
    }

    /** What {@code key}'s bucket would say, without counting anything. */
    Verdict peek(LimitSpec spec, String key, long now) {
        Bucket bucket = buckets.get(new BucketKey(spec.id(), key));
        long tat = bucket == null || bucket.tat() == Bucket.RETIRED ? 0 : bucket.tat();
        return Gcra.admit(tat, now, spec.intervalNanos(), spec.toleranceNanos()) < 0
                ? Gcra.rejected(tat, now, spec) : Gcra.untouched(tat, now, spec);
    }

    /** Gives back a request that {@link #take} admitted but another limit refused. */
    void refund(LimitSpec spec, String key) {
        Bucket bucket = buckets.get(new BucketKey(spec.id(), key));
        if (bucket != null) {
            bucket.refund(spec.intervalNanos());
        }
    }

    private Bucket bucketFor(BucketKey k) {
        Bucket bucket = buckets.get(k);
        if (bucket != null) {
            return bucket;
        }
        Bucket fresh = new Bucket(0);
        Bucket prior = buckets.putIfAbsent(k, fresh);
        if (prior != null) {
            return prior;
        }
        if (buckets.mappingCount() > maxBuckets) {
            trim();
        }
        return fresh;
    }

    /** Drops every full bucket. @return how many were dropped */
    public int expireIdle() {
        long now = now();
        int dropped = 0;
        for (Map.Entry<BucketKey, Bucket> e : buckets.entrySet()) {
            if (e.getValue().retireIfFull(now) && buckets.remove(e.getKey(), e.getValue())) {
                dropped++;
            }
        }
        return dropped;
    }

    /** Over the cap: drop the full buckets, then the ones closest to full, down to 90% of the cap. */
    private void trim() {
        if (!trimming.compareAndSet(false, true)) {
            return; // another thread is trimming; the map overshoots by at most what arrives meanwhile
        }
        try {
            expireIdle();
            long target = maxBuckets - maxBuckets / 10;
            long excess = buckets.mappingCount() - target;
            if (excess <= 0) {
                return;
            }
            long[] tats = new long[(int) Math.min(Integer.MAX_VALUE - 8, buckets.mappingCount() + 64)];
            int n = 0;
            for (Bucket b : buckets.values()) {
                if (n == tats.length) {
                    break;
                }
                tats[n++] = b.tat();
            }
            Arrays.sort(tats, 0, n);
            long threshold = tats[(int) Math.min(n - 1, Math.max(0, excess - 1))];
            long evicted = 0;
            for (Map.Entry<BucketKey, Bucket> e : buckets.entrySet()) {
                if (evicted >= excess) {
                    break;
                }
                if (e.getValue().retireIfAtMost(threshold) && buckets.remove(e.getKey(), e.getValue())) {
                    evicted++;
                }
            }
            evictions.add(evicted);
        } finally {
            trimming.set(false);
        }
    }

    public long size() {
        return buckets.mappingCount();
    }

    public int maxBuckets() {
        return maxBuckets;
    }

    /** Buckets dropped while still holding counts, because the cap was reached. */
    public long evictions() {
        return evictions.sum();
    }
}
