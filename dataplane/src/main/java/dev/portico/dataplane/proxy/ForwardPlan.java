package dev.portico.dataplane.proxy;

import dev.portico.dataplane.RoutingState;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.http.PathNormalizer;
import dev.portico.dataplane.http.RequestIds;
import dev.portico.dataplane.routing.CompiledRule;
import dev.portico.dataplane.routing.RouteHit;
import dev.portico.dataplane.routing.RouteRequest;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.snapshot.LoadBalancer;
import dev.portico.snapshot.Rule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.HostAndPort;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decides whether the forward path can serve a request exactly as the Vert.x path would, and if so
 * prepares it (route, upstream head). Everything it cannot serve goes to Vert.x unchanged: other
 * HTTP versions, upgrades, {@code Expect}, {@code Connection: close}, chunked request bodies, requests
 * that would be refused before a backend is chosen (no route, bad target, body over the limit), and
 * rules with filters, aggregation or retries.
 */
final class ForwardPlan {
    private ForwardPlan() {
    }

    /** @return the exchange to start, or null to hand the request to Vert.x */
    static FastExchange prepare(FastLane lane, FastForwarder conn, HttpHead head, String peer, ByteBufAllocator alloc) {
        if (!head.http11 || head.upgrade || head.expect || head.close || head.chunked || head.otherCoding
                || head.hosts != 1 || head.method.equals("CONNECT")) {
            return null;
        }
        RoutingState routing = lane.state.get();
        if (routing == null) {
            return null;
        }
        PathNormalizer.Target target;
        try {
            target = PathNormalizer.normalize(head.target);
        } catch (GatewayException e) {
            return null;
        }
        MultiMap headers = head.headers;
        String hostHeader = headers.get(HttpHeaders.HOST);
        String host = target.authority();
        if (host == null) {
            HostAndPort a = HostAndPort.parseAuthority(hostHeader, -1);
            if (a == null) {
                return null;
            }
            host = a.host();
        }
        RouteHit hit = routing.router().route(new RouteRequest(host, target.path(), head.method, headers::get,
                target.query()));
        if (hit == null) {
            return null;
        }
        CompiledRule compiled = hit.rule();
        Rule rule = compiled.rule();
        LoadBalancer lb = rule.loadBalancer();
        if (!compiled.filters().isEmpty() || rule.isAggregate() || rule.retries() != null
                || head.contentLength > rule.maxBodyBytes()
                || (lb.type() == LoadBalancer.Type.ConsistentHash && lb.hash() != null && lb.hash().cookie() != null)) {
            return null;
        }
        String requestId = RequestIds.of(headers.get(RequestIds.HEADER_NAME), lane.trustedHops);
        FastExchange ex = new FastExchange(lane, conn, compiled, requestId, head.method.equals("HEAD"),
                head.contentLength > 0);
        ClusterState cluster;
        try {
            cluster = GatewayHandler.clusterFor(rule, compiled.id(), routing);
        } catch (GatewayException e) {
            return ex.refusedWith(e);
        }
        GatewayHandler.Forwarded fwd = GatewayHandler.forwarded(headers, hit, peer, false, host, requestId,
                lane.trustedHops);
        String path = Rewrites.path(hit, target.path());
        String uri = target.query() == null ? path : path + "?" + target.query();
        HostAndPort authority = GatewayHandler.parseAuthority(
                Rewrites.host(hit, target.authority() != null ? target.authority() : hostHeader));
        String hashKey = GatewayHandler.hashKey(lb, headers::get, name -> null, fwd.clientIp());
        return ex.to(cluster, hashKey, requestHead(alloc, head.method, uri, authority, fwd.headers()));
    }

    /** The request head as the upstream receives it: request line, Host, then the forwarded headers. */
    private static ByteBuf requestHead(ByteBufAllocator alloc, String method, String uri, HostAndPort authority,
            MultiMap headers) {
        ByteBuf out = alloc.buffer(256 + uri.length());
        out.writeCharSequence(method, StandardCharsets.ISO_8859_1);
        out.writeByte(' ');
        out.writeCharSequence(uri, StandardCharsets.ISO_8859_1);
        out.writeCharSequence(" HTTP/1.1\r\nhost: ", StandardCharsets.ISO_8859_1);
        out.writeCharSequence(authority.host(), StandardCharsets.ISO_8859_1);
        if (authority.port() >= 0) {
            out.writeByte(':');
            out.writeCharSequence(Integer.toString(authority.port()), StandardCharsets.ISO_8859_1);
        }
        out.writeByte('\r').writeByte('\n');
        writeHeaders(out, headers);
        return out;
    }

    /** Header lines and the empty line that ends a head. */
    static void writeHeaders(ByteBuf out, MultiMap headers) {
        for (Map.Entry<String, String> e : headers) {
            out.writeCharSequence(e.getKey(), StandardCharsets.ISO_8859_1);
            out.writeByte(':').writeByte(' ');
            out.writeCharSequence(e.getValue(), StandardCharsets.ISO_8859_1);
            out.writeByte('\r').writeByte('\n');
        }
        out.writeByte('\r').writeByte('\n');
    }
}
