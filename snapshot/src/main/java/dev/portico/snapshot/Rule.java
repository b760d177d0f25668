package dev.portico.snapshot;

import java.util.List;

/**
 * One rule of a route: how to match, and either where to proxy ({@code backends}) or what to
 * fan out to ({@code aggregate}), never both.
 *
 * @param index        position of the rule in the route's spec, the last tie-breaker of precedence
 * @param matches      OR-ed; never empty (the operator fills in {@code PathPrefix /})
 * @param timeoutMs    the whole request including retries
 * @param maxBodyBytes request bodies above this get 413
 * @param rateLimits   limits of every RateLimitPolicy targeting this rule, all of which must admit
 */
public record Rule(String name, int index, List<RouteMatch> matches, List<BackendRef> backends, Aggregate aggregate,
        Rewrite rewrite, HeaderModifier requestHeaders, HeaderModifier responseHeaders, long timeoutMs,
        RetryPolicy retries, LoadBalancer loadBalancer, List<RateLimit> rateLimits, long maxBodyBytes) {

    public static final long DEFAULT_TIMEOUT_MS = 15_000;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public Rule {
        matches = Canonical.list(matches);
        backends = Canonical.sorted(backends, java.util.Comparator.comparing(BackendRef::cluster));
        rateLimits = Canonical.sorted(rateLimits,
                java.util.Comparator.comparing(RateLimit::policy).thenComparing(RateLimit::name));
        if (timeoutMs <= 0) {
            timeoutMs = DEFAULT_TIMEOUT_MS;
        }
        if (maxBodyBytes <= 0) {
            maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        }
        if (loadBalancer == null) {
            loadBalancer = LoadBalancer.ROUND_ROBIN;
        }
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isAggregate() {
        return aggregate != null;
    }
}
