package dev.portico.dataplane.ratelimit;

import static dev.portico.dataplane.ratelimit.Limits.key;
import static dev.portico.dataplane.ratelimit.Limits.local;
import static dev.portico.dataplane.ratelimit.Limits.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.snapshot.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalBucketsTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(5_000 * MS);
    private final LocalBuckets buckets = new LocalBuckets(1_000, clock::get);
    private final LimitSpec tenPerSecond = spec(local("per-ip", 10, 1_000, 0, key(RateLimit.Key.Type.ClientIP)));

    private int admitted(LimitSpec spec, String key, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (buckets.take(spec, key, buckets.now()).admitted()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aFullBucketAdmitsItsCapacityThenRefuses() {
        assertThat(admitted(tenPerSecond, "a", 15)).isEqualTo(10);
    }

    @Test
    void burstIsExtraCapacityAboveTheSteadyRate() {
        LimitSpec bursty = spec(local("bursty", 10, 1_000, 5, key(RateLimit.Key.Type.Route)));
        assertThat(admitted(bursty, "", 30)).isEqualTo(15);
        clock.addAndGet(1_000 * MS);
        assertThat(admitted(bursty, "", 30)).as("one period refills requests, not requests + burst").isEqualTo(10);
    }

    @Test
    void tokensReturnAtRequestsPerPeriod() {
        admitted(tenPerSecond, "a", 10);
        clock.addAndGet(99 * MS);
        assertThat(admitted(tenPerSecond, "a", 1)).isZero();
        clock.addAndGet(1 * MS);
        assertThat(admitted(tenPerSecond, "a", 5)).as("exactly one token after period / requests").isEqualTo(1);
        clock.addAndGet(350 * MS);
        assertThat(admitted(tenPerSecond, "a", 5)).isEqualTo(3);
    }

    @Test
    void keysCountSeparately() {
        assertThat(admitted(tenPerSecond, "a", 12)).isEqualTo(10);
        assertThat(admitted(tenPerSecond, "b", 12)).isEqualTo(10);
        assertThat(admitted(tenPerSecond, "", 12)).isEqualTo(10);
    }

    @Test
    void verdictsCarryRemainingResetAndRetryAfter() {
        Verdict first = buckets.take(tenPerSecond, "a", buckets.now());
        assertThat(first.admitted()).isTrue();
        assertThat(first.limit()).isEqualTo(10);
        assertThat(first.remaining()).isEqualTo(9);
        assertThat(first.resetNanos()).isEqualTo(100 * MS);
        admitted(tenPerSecond, "a", 9);
        clock.addAndGet(30 * MS);
        Verdict refused = buckets.take(tenPerSecond, "a", buckets.now());
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryNanos()).isEqualTo(70 * MS);
        assertThat(refused.resetNanos()).isEqualTo(970 * MS);
    }

    @Test
    void aRefundGivesOneRequestBack() {
        admitted(tenPerSecond, "a", 10);
        buckets.refund(tenPerSecond, "a");
        assertThat(admitted(tenPerSecond, "a", 3)).isEqualTo(1);
    }

    @Test
    void fullBucketsExpireWhileCountingOnesStay() {
        admitted(tenPerSecond, "idle", 1);
        admitted(tenPerSecond, "busy", 10);
        clock.addAndGet(500 * MS);
        assertThat(buckets.expireIdle()).isEqualTo(1);
        assertThat(buckets.size()).isEqualTo(1);
        assertThat(admitted(tenPerSecond, "busy", 10)).as("the busy bucket kept its count").isEqualTo(5);
    }

    @Test
    void aboveTheCapTheBucketsClosestToFullAreEvicted() {
        LocalBuckets small = new LocalBuckets(100, clock::get);
        for (int i = 0; i < 100; i++) {
            small.take(tenPerSecond, "k" + i, small.now());
            clock.addAndGet(MS); // later keys are further from full
        }
        small.take(tenPerSecond, "newest", small.now());
        assertThat(small.size()).isLessThanOrEqualTo(100);
        assertThat(small.evictions()).isPositive();
        for (int i = 0; i < 5; i++) { // the oldest (closest to full) went first
            assertThat(small.peek(tenPerSecond, "k" + i, small.now()).remaining()).isEqualTo(10);
        }
        assertThat(small.peek(tenPerSecond, "k99", small.now()).remaining()).isEqualTo(9);
    }

    @Test
    void concurrentThreadsNeverAdmitMoreThanTheBucketHolds() throws Exception {
        LocalBuckets shared = new LocalBuckets(1_000);
        LimitSpec slow = spec(local("slow", 1_000, 3_600_000, 0, key(RateLimit.Key.Type.Route)));
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 5_000; i++) {
                    if (shared.take(slow, "", shared.now()).admitted()) {
                        admitted.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        // 1,000 per hour refills one token per 3.6 s: the test is far shorter, so at most one more.
        assertThat(admitted.get()).isBetween(1_000, 1_001);
    }
}
