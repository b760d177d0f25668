package dev.portico.snapshot;

import java.util.List;

/**
 * One limit of a RateLimitPolicy, attached to every rule it targets. A token bucket of capacity
 * {@code requests + burst}, refilled at {@code requests / periodMs}.
 *
 * @param policy {@code namespace/name} of the RateLimitPolicy; with {@code name}, the counter's identity
 * @param when   null means every request of the rule
 */
public record RateLimit(String policy, String name, Scope scope, FailureMode failureMode, long requests,
        long periodMs, long burst, Key key, When when) {

    public enum Scope { Local, Global }

    public enum FailureMode { Open, Closed }

    /** {@code name} for Header and JWTClaim only. */
    public record Key(Type type, String name) {
        public enum Type { ClientIP, Header, JWTClaim, APIKey, Route }
    }

    /** Optional filter: the limit applies only to requests it matches. */
    public record When(List<String> methods, PathMatch path) {
        public When {
            methods = Canonical.sortedStrings(methods);
        }
    }

    public RateLimit {
        if (scope == null) {
            scope = Scope.Local;
        }
        if (failureMode == null) {
            failureMode = FailureMode.Open;
        }
    }

    public long capacity() {
        return requests + burst;
    }
}
