package dev.portico.dataplane;

import dev.portico.dataplane.accesslog.AccessLog;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.dataplane.http.GuardLimits;
import dev.portico.dataplane.tls.TlsListener;
import dev.portico.dataplane.upstream.OutlierPolicy;
import java.util.List;

/**
 * How the gateway listens and behaves at the edge.
 *
 * @param gateway         the data-plane group; snapshots for another group are refused
 * @param port            0 picks a free port
 * @param instances       event loops serving traffic, each with its own server and upstream pools
 * @param filterFactories run in order for every rule of every snapshot (auth, rate limits, ...)
 * @param drainTimeoutMs  how long in-flight requests may finish on shutdown
 * @param tls             a TLS listener beside the cleartext one, or null for none
 * @param accessLog       where each request's line goes, or null for no access log
 */
public record GatewayOptions(String gateway, String host, int port, int trustedHops, int instances,
        GuardLimits guardLimits, OutlierPolicy outliers, List<RouteFilterFactory> filterFactories,
        int upstreamPoolSize, long drainTimeoutMs, TlsListener tls, AccessLog accessLog) {
    public GatewayOptions {
        filterFactories = List.copyOf(filterFactories);
        if (instances <= 0) {
            instances = Runtime.getRuntime().availableProcessors();
        }
    }

    public static GatewayOptions defaults() {
        return new GatewayOptions("default", "0.0.0.0", 8080, 0, 0, GuardLimits.DEFAULTS, OutlierPolicy.DEFAULTS,
                List.of(), 512, 20_000, null, null);
    }

    public GatewayOptions withPort(int newPort) {
        return new GatewayOptions(gateway, host, newPort, trustedHops, instances, guardLimits, outliers,
                filterFactories, upstreamPoolSize, drainTimeoutMs, tls, accessLog);
    }

    public GatewayOptions withHost(String newHost) {
        return new GatewayOptions(gateway, newHost, port, trustedHops, instances, guardLimits, outliers,
                filterFactories, upstreamPoolSize, drainTimeoutMs, tls, accessLog);
    }

    public GatewayOptions withTrustedHops(int hops) {
        return new GatewayOptions(gateway, host, port, hops, instances, guardLimits, outliers, filterFactories,
                upstreamPoolSize, drainTimeoutMs, tls, accessLog);
    }

    public GatewayOptions withInstances(int n) {
        return new GatewayOptions(gateway, host, port, trustedHops, n, guardLimits, outliers, filterFactories,
                upstreamPoolSize, drainTimeoutMs, tls, accessLog);
    }

    public GatewayOptions withGuardLimits(GuardLimits limits) {
        return new GatewayOptions(gateway, host, port, trustedHops, instances, limits, outliers, filterFactories,
                upstreamPoolSize, drainTimeoutMs, tls, accessLog);
    }

    public GatewayOptions withOutliers(OutlierPolicy policy) {
        return new GatewayOptions(gateway, host, port, trustedHops, instances, guardLimits, policy, filterFactories,
                upstreamPoolSize, drainTimeoutMs, tls, accessLog);
    }

    public GatewayOptions withFilterFactories(List<RouteFilterFactory> factories) {
        return new GatewayOptions(gateway, host, port, trustedHops, instances, guardLimits, outliers, factories,
                upstreamPoolSize, drainTimeoutMs, tls, accessLog);
    }

    public GatewayOptions withGateway(String name) {
        return new GatewayOptions(name, host, port, trustedHops, instances, guardLimits, outliers, filterFactories,
                upstreamPoolSize, drainTimeoutMs, tls, accessLog);
    }

    public GatewayOptions withDrainTimeoutMs(long ms) {
        return new GatewayOptions(gateway, host, port, trustedHops, instances, guardLimits, outliers, filterFactories,
                upstreamPoolSize, ms, tls, accessLog);
    }

    /** Each request's line to {@code log}; null: no access log. */
    public GatewayOptions withAccessLog(AccessLog log) {
        return new GatewayOptions(gateway, host, port, trustedHops, instances, guardLimits, outliers, filterFactories,
                upstreamPoolSize, drainTimeoutMs, tls, log);
    }

    public GatewayOptions withTls(TlsListener listener) {
        return new GatewayOptions(gateway, host, port, trustedHops, instances, guardLimits, outliers, filterFactories,
                upstreamPoolSize, drainTimeoutMs, listener, accessLog);
    }
}
