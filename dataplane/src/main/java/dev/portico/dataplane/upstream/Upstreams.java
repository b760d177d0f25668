package dev.portico.dataplane.upstream;

import dev.portico.dataplane.admin.GatewayMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/**
 * The upstream machinery of the event loop serving a request, for filters that call upstreams
 * themselves (aggregation): the same pooled client, endpoint table, outlier policy and metrics that
 * proxying uses. Pick with {@link ClusterState#available} and {@link Balancer#pick}, bracket each call
 * with {@link EndpointState#started()}/{@link EndpointState#finished()}, report each try to
 * {@link OutlierPolicy#record} (and {@link GatewayMetrics#ejected} when it returns true).
 *
 * @param endpoints the endpoint table of the snapshot the request was routed with
 */
public record Upstreams(Vertx vertx, HttpClient client, EndpointTable endpoints, OutlierPolicy outliers,
        GatewayMetrics metrics) {
}
