package dev.portico.dataplane.proxy;

import dev.portico.dataplane.accesslog.AccessEntry;
import dev.portico.dataplane.accesslog.AccessLog;
import dev.portico.dataplane.admin.GatewayMetrics;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.dataplane.upstream.EndpointState;
import dev.portico.dataplane.upstream.OutlierPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocketClient;

/**
 * What proxying needs on one event loop: its own pooled clients, plus the shared metrics and policies.
 *
 * @param accessLog null when there is none: then no request makes an {@link AccessEntry}
 */
record ProxyContext(Vertx vertx, HttpClient client, WebSocketClient webSockets, GatewayMetrics metrics,
        OutlierPolicy outliers, ErrorResponder errors, Deadlines deadlines, AccessLog accessLog) {

    /** One try's outcome for outlier detection (both proxy paths); counts the ejection it may cause. */
    void recordOutcome(ClusterState cluster, EndpointState ep, boolean failure) {
        if (outliers.record(cluster, ep, failure)) {
            metrics.ejected(cluster.name());
        }
    }

    /**
     * The answer when no connection to the endpoint could be made (the same on both proxy paths). Gateway answers
     * name the backend, never an endpoint's address: clients have no business with pod IPs (the access log's
     * {@code upstream} has it).
     */
    static GatewayException connectFailure(ClusterState cluster) {
        return new GatewayException(503, "upstream_connect_failure",
                "could not connect to an endpoint of " + cluster.name());
    }

    /**
     * The answer when the route's overall timeout passed: before any answer, or ({@code started}) while a held
     * small answer was still arriving (the same on both paths).
     */
    static GatewayException timeout(ClusterState cluster, long timeoutMs, boolean started) {
        return new GatewayException(504, "upstream_timeout", (started ? "no complete response from " : "no response from ")
                + cluster.name() + " within " + timeoutMs + " ms");
    }

    /** The answer when the endpoint's connection broke before its answer began (the same on both paths). */
    static GatewayException reset(ClusterState cluster) {
        return new GatewayException(502, "upstream_reset",
                "connection reset by an endpoint of " + cluster.name());
    }
}
