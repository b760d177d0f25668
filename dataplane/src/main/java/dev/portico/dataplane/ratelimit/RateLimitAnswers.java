package dev.portico.dataplane.ratelimit;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import io.vertx.core.MultiMap;
import java.util.Map;

/** What the client is told: RateLimit-* headers (IETF httpapi draft), 429 and 503 errors. */
final class RateLimitAnswers {
    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";

    private RateLimitAnswers() {
    }

    /** Headers of the most restrictive limit: limit = capacity, reset = seconds until the bucket is full. */
    static void headers(Exchange ex, Verdict v) {
        MultiMap h = ex.responseHeaders();
        h.set(LIMIT, Long.toString(v.limit()));
        h.set(REMAINING, Long.toString(Math.max(0, v.remaining())));
        h.set(RESET, Long.toString(seconds(v.resetNanos())));
    }

    static GatewayException tooManyRequests(LimitSpec spec, Verdict v) {
        long retry = Math.max(1, seconds(v.retryNanos()));
        String message = spec.label() + " allows " + spec.source().requests() + " requests per "
                + period(spec.source().periodMs())
                + (spec.source().burst() > 0 ? " with a burst of " + spec.source().burst() : "")
                + "; retry in " + retry + " s";
        return new GatewayException(429, "too_many_requests", message, Map.of("retry-after", Long.toString(retry)));
    }

    static GatewayException unavailable(LimitSpec spec) {
        return new GatewayException(503, "rate_limit_unavailable", spec.label()
                + " counts in Redis, which is unreachable, and its failureMode is Closed");
    }

    /** Whole seconds, rounded up: a client waiting that long is never early. */
    static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }

    static String period(long ms) {
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
    }
}
