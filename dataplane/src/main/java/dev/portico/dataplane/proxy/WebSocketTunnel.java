package dev.portico.dataplane.proxy;

import dev.portico.dataplane.RoutingState;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.http.ForwardedFor;
import dev.portico.dataplane.http.HopByHop;
import dev.portico.dataplane.http.PathNormalizer;
import dev.portico.dataplane.http.RequestIds;
import dev.portico.dataplane.routing.RouteHit;
import dev.portico.dataplane.routing.RouteRequest;
import dev.portico.dataplane.upstream.Balancer;
import dev.portico.dataplane.upstream.BackendChoice;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.dataplane.upstream.EndpointState;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Rule;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * WebSocket pass-through. The handshake is routed like a request; the upstream handshake is made
 * first (so a refusal becomes a refused handshake), then the client's is accepted and frames are
 * piped both ways with back-pressure. Rules that carry filters (auth, limits) refuse upgrades with
 * 403 until the filter chain runs for handshakes too: failing closed beats skipping auth.
 */
final class WebSocketTunnel implements Handler<ServerWebSocketHandshake> {
    private static final System.Logger LOG = System.getLogger(WebSocketTunnel.class.getName());

    private final ProxyContext ctx;
    private final Supplier<RoutingState> state;
    private final int trustedHops;

    WebSocketTunnel(ProxyContext ctx, Supplier<RoutingState> state, int trustedHops) {
        this.ctx = ctx;
        this.state = state;
        this.trustedHops = trustedHops;
    }

    @Override
    public void handle(ServerWebSocketHandshake hs) {
        RoutingState routing = state.get();
        try {
            if (routing == null) {
                throw new GatewayException(503, "not_ready", "no snapshot");
            }
            PathNormalizer.Target target = PathNormalizer.normalize(hs.uri());
            String host = target.authority() != null ? target.authority()
                    : hs.authority() == null ? "" : hs.authority().host();
            RouteHit hit = routing.router().route(new RouteRequest(host, target.path(), "GET", hs.headers()::get,
                    target.query()));
            if (hit == null) {
                throw new GatewayException(404, "route_not_found", "no route");
            }
            Rule rule = hit.rule().rule();
            if (!hit.rule().filters().isEmpty()) {
                throw new GatewayException(403, "forbidden", "WebSocket upgrades are refused on filtered rules");
            }
            if (rule.isAggregate()) {
                throw new GatewayException(501, "not_implemented", "aggregate");
            }
            BackendRef ref = BackendChoice.pick(rule.backends());
            ClusterState cluster = ref == null ? null : routing.endpoints().cluster(ref.cluster());
            if (cluster == null || !cluster.cluster().serviceExists()) {
                throw new GatewayException(ref == null ? 503 : 500, "backend_not_found", "missing service");
            }
            if (cluster.endpoints().isEmpty()) {
                throw new GatewayException(503, "no_healthy_upstream", "no endpoints");
            }
            EndpointState ep = Balancer.pick(rule.loadBalancer(), cluster,
                    cluster.available(System.nanoTime(), null), null);
            String path = Rewrites.path(hit, target.path());
            open(hs, cluster, ep, target.query() == null ? path : path + "?" + target.query(),
                    upstreamHeaders(hs, host), rule.timeoutMs());
        } catch (GatewayException e) {
            hs.reject(e.status());
        }
    }

    private MultiMap upstreamHeaders(ServerWebSocketHandshake hs, String host) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        HopByHop.upstreamHeaders(hs.headers(), Set.of()).forEach(h -> {
            if (!h.getKey().toLowerCase(Locale.ROOT).startsWith("sec-websocket-")) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        String peer = hs.remoteAddress() == null ? "" : hs.remoteAddress().hostAddress();
        List<String> xff = headers.getAll("x-forwarded-for");
        headers.set("x-forwarded-for", ForwardedFor.appended(xff, peer));
        headers.set("x-forwarded-proto", hs.isSsl() ? "https" : "http");
        headers.set("x-forwarded-host", host);
        headers.set(RequestIds.HEADER, RequestIds.of(hs.headers().get(RequestIds.HEADER), trustedHops));
        return headers;
    }

    private void open(ServerWebSocketHandshake hs, ClusterState cluster, EndpointState ep, String uri,
            MultiMap headers, long timeoutMs) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(ep.address()).setPort(ep.port()).setURI(uri).setHeaders(headers)
                .setConnectTimeout(timeoutMs);
        String protocols = hs.headers().get("sec-websocket-protocol");
        if (protocols != null) {
            options.setSubProtocols(Arrays.stream(protocols.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList());
        }
        ep.started();
        ctx.webSockets().connect(options).onComplete(ar -> {
            if (ar.failed()) {
                ep.finished();
                LOG.log(System.Logger.Level.DEBUG, "WebSocket handshake with " + cluster.name() + " endpoint "
                        + ep.authority() + " failed: " + ar.cause());
                hs.reject(502);
                return;
            }
            WebSocket upstream = ar.result();
            hs.accept().onComplete(sar -> {
                if (sar.failed()) {
                    ep.finished();
                    upstream.close();
                    return;
                }
                ServerWebSocket client = sar.result();
                upstream.pipeTo(client);
                client.pipeTo(upstream);
                client.closeHandler(v -> ep.finished());
            });
        });
    }
}
