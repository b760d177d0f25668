package dev.portico.operator;

import dev.portico.operator.stream.BearerToken;
import dev.portico.operator.stream.StreamServerOptions;
import dev.portico.snapshot.stream.StreamProtocol;

import java.time.Clock;
import java.time.Duration;

/**
 * How to run the operator. {@code port 0} picks a free port; {@code metricsPort -1} serves no metrics.
 *
 * @param namespace      watch only this namespace; null watches all
 * @param leaderElection hold the {@code coordination.k8s.io/v1} Lease {@code leaseName} before doing anything
 * @param debounce       changes within this window are translated and pushed once
 */
public record OperatorOptions(String bindHost, int streamPort, int metricsPort, BearerToken token, String namespace,
        boolean leaderElection, String leaseNamespace, String leaseName, Duration heartbeat, Duration debounce,
        Clock clock) {

    public static final int DEFAULT_METRICS_PORT = 8081;
    public static final String DEFAULT_LEASE_NAME = "portico-operator";

    /** Defaults of the command line: all interfaces, port 18000 and 8081, no leader election. */
    public static OperatorOptions defaults(BearerToken token) {
        return new OperatorOptions("0.0.0.0", StreamProtocol.DEFAULT_PORT, DEFAULT_METRICS_PORT, token, null, false,
                null, DEFAULT_LEASE_NAME, StreamServerOptions.DEFAULT_HEARTBEAT, StreamServerOptions.DEFAULT_DEBOUNCE,
                Clock.systemUTC());
    }

    /** For tests and the sandbox: loopback, free ports, quick heartbeats. */
    public static OperatorOptions loopback(BearerToken token) {
        return new OperatorOptions("127.0.0.1", 0, 0, token, null, false, null, DEFAULT_LEASE_NAME,
                Duration.ofSeconds(1), StreamServerOptions.DEFAULT_DEBOUNCE, Clock.systemUTC());
    }

    public OperatorOptions withPorts(int newStreamPort, int newMetricsPort) {
        return new OperatorOptions(bindHost, newStreamPort, newMetricsPort, token, namespace, leaderElection,
                leaseNamespace, leaseName, heartbeat, debounce, clock);
    }

    public OperatorOptions withNamespace(String newNamespace) {
        return new OperatorOptions(bindHost, streamPort, metricsPort, token, newNamespace, leaderElection,
                leaseNamespace, leaseName, heartbeat, debounce, clock);
    }

    public OperatorOptions withLeaderElection(boolean enabled, String newLeaseNamespace) {
        return new OperatorOptions(bindHost, streamPort, metricsPort, token, namespace, enabled, newLeaseNamespace,
                leaseName, heartbeat, debounce, clock);
    }

    public OperatorOptions withHeartbeat(Duration interval) {
        return new OperatorOptions(bindHost, streamPort, metricsPort, token, namespace, leaderElection,
                leaseNamespace, leaseName, interval, debounce, clock);
    }

    public OperatorOptions withClock(Clock newClock) {
        return new OperatorOptions(bindHost, streamPort, metricsPort, token, namespace, leaderElection,
                leaseNamespace, leaseName, heartbeat, debounce, newClock);
    }
}
