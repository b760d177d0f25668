package dev.portico.dataplane.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Rate-limit meters. They live in a registry of their own, which the data plane's registry joins
 * through {@link #publishTo}: the filter factory exists before the data plane (and its registry) does.
 */
public final class RateLimitMetrics {
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

    RateLimitMetrics(LocalBuckets buckets) {
        Gauge.builder("portico_ratelimit_local_buckets", buckets, LocalBuckets::size)
                .description("Local rate-limit buckets held now").register(registry);
        FunctionCounter.builder("portico_ratelimit_evictions", buckets, LocalBuckets::evictions)
                .description("Local buckets evicted while still counting, because the cap was reached")
                .register(registry);
    }

    /** Adds {@code target} to the registries these meters report to (e.g. the admin port's Prometheus one). */
    public void publishTo(MeterRegistry target) {
        registry.add(target);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** @param inRedis only a limit counted in Redis can fail over to its failure mode: only it has that meter */
    LimitMeters limit(String policy, String limit, String failureMode, boolean inRedis) {
        return new LimitMeters(decision(policy, limit, "admitted"), decision(policy, limit, "limited"), !inRedis ? null
                : Counter.builder("portico_ratelimit_redis_failures")
                        .description("Global decisions made without Redis (unreachable or too slow); "
                                + "failureMode says whether they were let through or refused")
                        .tag("policy", policy).tag("limit", limit).tag("failure_mode", failureMode)
                        .register(registry));
    }

    private Counter decision(String policy, String limit, String result) {
        return Counter.builder("portico_ratelimit_requests").description("Requests counted by a rate limit")
                .tag("policy", policy).tag("limit", limit).tag("result", result).register(registry);
    }
}
