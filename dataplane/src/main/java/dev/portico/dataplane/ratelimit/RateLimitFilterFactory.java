package dev.portico.dataplane.ratelimit;

import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.RateLimit;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The data plane's rate limiting: register it in {@code GatewayOptions.filterFactories} after auth. It owns
 * the Local buckets (kept across snapshots, so a new snapshot never resets a count), the Redis client for
 * Global limits, and their metrics ({@link RateLimitMetrics#publishTo}). Without a Redis URL, Global limits
 * count per data plane, with a warning: never unlimited.
 */
public final class RateLimitFilterFactory implements RouteFilterFactory {
    private static final System.Logger LOG = System.getLogger(RateLimitFilterFactory.class.getName());
    private static final long MAX_PERIOD_MS = 31L * 24 * 3_600_000;

    private final Vertx vertx;
    private final LocalBuckets buckets;
    private final RedisBuckets redis;
    private final RateLimitMetrics metrics;
    private final ConcurrentHashMap<String, LimitMeters> meters = new ConcurrentHashMap<>();
    private final Set<String> warnedNoRedis = ConcurrentHashMap.newKeySet();
    private final long sweepTimer;

    public RateLimitFilterFactory(Vertx vertx, RateLimitOptions options) {
        this.vertx = vertx;
        this.buckets = new LocalBuckets(options.maxLocalBuckets());
        this.redis = options.redisUrl() == null ? null
                : new RedisBuckets(vertx, options.redisUrl(), options.redisTimeoutMs());
        this.metrics = new RateLimitMetrics(buckets);
        this.sweepTimer = vertx.setPeriodic(options.sweepMs(),
                id -> vertx.executeBlocking(buckets::expireIdle, false));
    }

    @Override
    public RouteFilter create(Route route, Rule rule) {
        if (rule.rateLimits().isEmpty()) {
            return null;
        }
        List<LimitSpec> local = new ArrayList<>();
        List<LimitSpec> global = new ArrayList<>();
        for (RateLimit limit : rule.rateLimits()) {
            validate(route, limit);
            boolean inRedis = limit.scope() == RateLimit.Scope.Global && redis != null;
            if (limit.scope() == RateLimit.Scope.Global && redis == null && warnedNoRedis.add(limit.policy())) {
                LOG.log(Level.WARNING, "RateLimitPolicy " + limit.policy() + " is Global but this data plane has no "
                        + "--redis: it counts on each data plane alone");
            }
            LimitMeters m = meters.computeIfAbsent(limit.policy() + '\0' + limit.name() + '\0' + limit.failureMode()
                    + '\0' + inRedis, k -> metrics.limit(limit.policy(), limit.name(), limit.failureMode().name(), inRedis));
            (inRedis ? global : local).add(compile(route, limit, inRedis, m));
        }
        return new RateLimitFilter(local, global, buckets, redis);
    }

    private static LimitSpec compile(Route route, RateLimit limit, boolean inRedis, LimitMeters meters) {
        try {
            return LimitSpec.compile(limit, inRedis, meters);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(where(route, limit) + "when.path is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    private static String where(Route route, RateLimit limit) {
        return "RateLimitPolicy " + limit.policy() + " limit " + limit.name() + " (on route " + route.id() + "): ";
    }

    private static void validate(Route route, RateLimit limit) {
        String where = where(route, limit);
        if (limit.requests() < 1) {
            throw new IllegalArgumentException(where + "requests must be at least 1, got " + limit.requests());
        }
        if (limit.periodMs() < 1 || limit.periodMs() > MAX_PERIOD_MS) {
            throw new IllegalArgumentException(where + "period must be between 1 ms and 31 days, got "
                    + limit.periodMs() + " ms");
        }
        if (limit.burst() < 0) {
            throw new IllegalArgumentException(where + "burst must not be negative, got " + limit.burst());
        }
        if (limit.key() == null || limit.key().type() == null) {
            throw new IllegalArgumentException(where + "key.type is required");
        }
        RateLimit.Key.Type type = limit.key().type();
        if ((type == RateLimit.Key.Type.Header || type == RateLimit.Key.Type.JWTClaim)
                && (limit.key().name() == null || limit.key().name().isEmpty())) {
            throw new IllegalArgumentException(where + "key.name is required for key type " + type);
        }
    }

    public RateLimitMetrics metrics() {
        return metrics;
    }

    public LocalBuckets localBuckets() {
        return buckets;
    }

    /**
     * Tells {@code listener} when the Redis of Global limits stops answering (how a decision failed) and when it
     * answers again (null); nothing without {@code --redis}. The stream client sends it to the operator.
     */
    public void reportRedisHealth(Consumer<String> listener) {
        if (redis != null) {
            redis.reportHealth(listener);
        }
    }

    /** Stops the idle sweep and closes the Redis client. */
    public Future<Void> close() {
        vertx.cancelTimer(sweepTimer);
        return redis == null ? Future.succeededFuture() : redis.close();
    }
}
