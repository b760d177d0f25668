package dev.portico.dataplane.proxy;

import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.snapshot.RetryPolicy;

/** How one try at an upstream failed before its answer, as both forward paths judge it for retries. */
enum TryFailure {
    CONNECT(RetryPolicy.Condition.ConnectFailure),
    RESET(RetryPolicy.Condition.Reset),
    TIMEOUT(RetryPolicy.Condition.GatewayError);

    private final RetryPolicy.Condition condition;

    TryFailure(RetryPolicy.Condition condition) {
        this.condition = condition;
    }

    /** Does the rule's retry policy (null: none) name this failure? */
    boolean listedIn(RetryPolicy policy) {
        return policy != null && policy.on().contains(condition);
    }

    /** The answer when no try is left. */
    GatewayException error(ClusterState cluster) {
        return switch (this) {
            case CONNECT -> ProxyContext.connectFailure(cluster);
            case RESET -> ProxyContext.reset(cluster);
            case TIMEOUT -> new GatewayException(504, "upstream_timeout",
                    "no response from an endpoint of " + cluster.name() + " within the per-try timeout");
        };
    }

    /** Is an upstream answer with this status worth another try under the policy (null: none)? */
    static boolean retriable(RetryPolicy policy, int status) {
        return policy != null && (policy.statusCodes().contains(status)
                || (policy.on().contains(RetryPolicy.Condition.GatewayError) && status >= 502 && status <= 504));
    }
}
