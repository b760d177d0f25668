package dev.portico.snapshot;

import java.util.List;

/**
 * @param attempts     retries after the first try
 * @param perTryTimeoutMs 0 means only the rule's overall timeout applies
 * @param on           ConnectFailure, Reset, GatewayError (502/503/504)
 * @param statusCodes  further upstream statuses that are retried
 */
public record RetryPolicy(int attempts, long perTryTimeoutMs, List<Condition> on, List<Integer> statusCodes) {

    public enum Condition { ConnectFailure, Reset, GatewayError }

    public RetryPolicy {
        on = Canonical.sorted(on, java.util.Comparator.naturalOrder());
        statusCodes = Canonical.sorted(statusCodes, java.util.Comparator.naturalOrder());
    }
}
