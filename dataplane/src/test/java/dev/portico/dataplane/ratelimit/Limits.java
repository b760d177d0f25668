package dev.portico.dataplane.ratelimit;

import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RateLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;

/** Test builders for limits. */
final class Limits {
    private Limits() {
    }

    static RateLimit local(String name, long requests, long periodMs, long burst, RateLimit.Key key) {
        return new RateLimit("shop/policy", name, RateLimit.Scope.Local, null, requests, periodMs, burst, key, null);
    }

    static RateLimit global(String policy, long requests, long periodMs, RateLimit.FailureMode mode,
            RateLimit.Key key) {
        return new RateLimit(policy, "shared", RateLimit.Scope.Global, mode, requests, periodMs, 0, key, null);
    }

    static RateLimit when(RateLimit limit, List<String> methods, PathMatch path) {
        return new RateLimit(limit.policy(), limit.name(), limit.scope(), limit.failureMode(), limit.requests(),
                limit.periodMs(), limit.burst(), limit.key(), new RateLimit.When(methods, path));
    }

    static RateLimit.Key key(RateLimit.Key.Type type) {
        return new RateLimit.Key(type, null);
    }

    static RateLimit.Key header(String name) {
        return new RateLimit.Key(RateLimit.Key.Type.Header, name);
    }

    static LimitSpec spec(RateLimit limit) {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        return LimitSpec.compile(limit, false, new LimitMeters(r.counter("a"), r.counter("l"), r.counter("f")));
    }
}
