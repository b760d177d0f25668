package dev.portico.dataplane.ratelimit;

import static dev.portico.dataplane.ratelimit.Limits.key;
import static dev.portico.dataplane.ratelimit.Limits.local;
import static dev.portico.dataplane.ratelimit.Limits.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.snapshot.RateLimit;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The stated bound: a Local bucket costs at most 256 bytes of heap with a key the size of an IPv6 address,
 * and the cap (100,000 by default) holds however many keys arrive, so the buckets of one data plane stay
 * under 100,000 × 256 B = 25.6 MB (≈ 24.4 MiB).
 */
class BucketMemoryTest {
    private static final long BOUND_BYTES = 100_000L * 256;
    // 100 an hour: no bucket fills up again during the test, so the cap, not idle expiry, must hold the line
    private final LimitSpec perIp = spec(local("per-ip", 100, 3_600_000, 0, key(RateLimit.Key.Type.ClientIP)));

    @Test
    void aHundredThousandDistinctKeysStayUnderTheStatedHeapBound() {
        LocalBuckets buckets = new LocalBuckets(RateLimitOptions.DEFAULT_MAX_LOCAL_BUCKETS);
        long before = usedHeapAfterGc();
        for (int i = 0; i < 100_000; i++) {
            buckets.take(perIp, address(i), buckets.now());
        }
        long grown = usedHeapAfterGc() - before;
        System.out.printf("100,000 buckets: %,d bytes of heap, %d bytes each%n", grown, grown / 100_000);
        assertThat(buckets.size()).isEqualTo(100_000);
        assertThat(grown).isLessThan(BOUND_BYTES);
        assertThat(buckets.take(perIp, address(7), buckets.now()).remaining()).as("still counting").isEqualTo(98);
    }

    @Test
    void aKeyCardinalityAttackIsHeldAtTheCap() {
        LocalBuckets buckets = new LocalBuckets(RateLimitOptions.DEFAULT_MAX_LOCAL_BUCKETS);
        long before = usedHeapAfterGc();
        for (int i = 0; i < 400_000; i++) { // four times the cap
            buckets.take(perIp, address(i), buckets.now());
        }
        long grown = usedHeapAfterGc() - before;
        assertThat(buckets.size()).isLessThanOrEqualTo(RateLimitOptions.DEFAULT_MAX_LOCAL_BUCKETS);
        assertThat(buckets.evictions()).isGreaterThanOrEqualTo(300_000);
        assertThat(grown).isLessThan(BOUND_BYTES);
    }

    /** A distinct IPv6 address for each i: a realistic key length. */
    private static String address(int i) {
        return "2001:db8:" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff) + "::17";
    }

    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
