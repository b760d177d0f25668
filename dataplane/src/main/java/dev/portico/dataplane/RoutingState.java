package dev.portico.dataplane;

import dev.portico.dataplane.routing.Router;
import dev.portico.dataplane.upstream.EndpointTable;

/** What one request is served with from start to end: the router and the endpoint table of one snapshot. */
public record RoutingState(Router router, EndpointTable endpoints) {
}
