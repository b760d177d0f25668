package dev.portico.dataplane.proxy;

import dev.portico.dataplane.RoutingState;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.filter.RequestHead;
import dev.portico.dataplane.http.HopByHop;
import dev.portico.dataplane.http.PathNormalizer;
import dev.portico.dataplane.http.RequestIds;
import dev.portico.dataplane.routing.CompiledRule;
import dev.portico.dataplane.routing.RouteHit;
import dev.portico.dataplane.routing.RouteRequest;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.snapshot.LoadBalancer;
import dev.portico.snapshot.Rule;
import io.vertx.core.net.HostAndPort;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether the forward path can serve a request exactly as the Vert.x path would, and if so
 * prepares it (route, upstream head). Everything it cannot serve goes to Vert.x unchanged: other
 * HTTP versions, upgrades, {@code Expect}, {@code Connection: close}, chunked request bodies, requests
 * that would be refused before a backend is chosen (no route, bad target, body over the limit), and
 * rules with aggregation, retries or a filter that needs the Vert.x request ({@link
 * dev.portico.dataplane.filter.RouteFilter#readsHeadOnly}: auth and rate limits do not).
 */
final class ForwardPlan {
    private ForwardPlan() {
    }

    /**
     * @param head a request head {@link FastForwarder} did not already send aside (upgrades, CONNECT and PRI go to
     *             Vert.x before this is asked)
     * @return the exchange to start, or null to hand the request to Vert.x
     */
    static FastExchange prepare(FastLane lane, FastForwarder conn, HttpHead head, String peer) {
        if (!head.http11 || head.expect || head.close || head.chunked || head.otherCoding || head.hosts != 1) {
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
        String hostHeader = head.get("host");
        String host = target.authority();
        HostAndPort hostAuthority = null;
        if (host == null) {
            hostAuthority = conn.authorityOf(hostHeader);
            if (hostAuthority == null) {
                return null;
            }
            host = hostAuthority.host();
        }
        RouteHit hit = routing.router().route(new RouteRequest(host, target.path(), head.method, head.lookup,
                target.query()));
        if (hit == null) {
            return null;
        }
        CompiledRule compiled = hit.rule();
        Rule rule = compiled.rule();
        LoadBalancer lb = rule.loadBalancer();
        if (!compiled.filtersReadHeadOnly() || rule.isAggregate() || rule.retries() != null
                || head.contentLength > rule.maxBodyBytes()
                || (lb.type() == LoadBalancer.Type.ConsistentHash && lb.hash() != null && lb.hash().cookie() != null)) {
            return null;
        }
        int hops = lane.trustedHops;
        String requestId = RequestIds.of(hops > 0 ? head.get("x-request-id") : null, hops);
        FastExchange ex = new FastExchange(lane, conn, compiled, requestId, head.method.equals("HEAD"),
                head.contentLength > 0);
        Upstream up = new Upstream(lane, routing, hit, head.method, target, hostHeader, hostAuthority, host);
        if (!compiled.filters().isEmpty()) {
            // filters edit the headers and query that go upstream, and answer first (401 before a 503, as on Vert.x)
            GatewayHandler.Forwarded fwd = GatewayHandler.forwarded(head.toMultiMap(), hit, peer, false, host,
                    requestId, hops);
            Exchange filtered = new Exchange(new WireHead(head, target.query()), requestId, fwd.clientIp(),
                    target.path(), hit, fwd.headers());
            return ex.filteredBy(filtered, x -> afterFilters(ex, up, x));
        }
        ClusterState cluster;
        try {
            cluster = up.cluster();
        } catch (GatewayException e) {
            return ex.refusedWith(e);
        }
        HeadWriter out = up.head(target.query());
        String clientIp;
        boolean plain = !head.listsHeaders && (rule.requestHeaders() == null || rule.requestHeaders().isEmpty())
                && GatewayHandler.identityHeaders(compiled.route()).isEmpty();
        if (plain) { // the common case: header lines copied as they came, no map built
            GatewayHandler.ForwardedValues v = GatewayHandler.ForwardedValues.of(
                    head.forwarded ? head.getAll("x-forwarded-for") : List.of(),
                    head.forwarded && hops > 0 ? head.get("x-forwarded-proto") : null, peer, false, hops);
            clientIp = v.clientIp();
            for (int i = 0; i < head.count; i++) {
                if (!HopByHop.dropsUpstream(head.bytes, head.nameStart(i), head.nameLength(i)) && !replacedUpstream(head, i)) {
                    head.writeLine(i, out);
                }
            }
            out.line("x-forwarded-for", v.forwardedFor()).line("x-forwarded-proto", v.proto())
                    .line("x-forwarded-host", host).line(RequestIds.HEADER, requestId).crlf();
        } else {
            GatewayHandler.Forwarded fwd = GatewayHandler.forwarded(head.toMultiMap(), hit, peer, false, host,
                    requestId, hops);
            clientIp = fwd.clientIp();
            out.lines(fwd.headers());
        }
        String hashKey = GatewayHandler.hashKey(lb, head.lookup, name -> null, clientIp);
        return ex.to(cluster, hashKey, out.toBuffer(lane.alloc, 0));
    }

    /** Once the filters let the request through: its cluster (a 500/503 only now) and the head with their edits. */
    private static void afterFilters(FastExchange ex, Upstream up, Exchange x) {
        ClusterState cluster = up.cluster();
        LoadBalancer lb = x.hit().rule().rule().loadBalancer();
        String hashKey = GatewayHandler.hashKey(lb, x.head()::header, name -> null, x.clientIp());
        HeadWriter out = up.head(x.upstreamQuery(up.target().query())).lines(x.upstreamHeaders());
        ex.to(cluster, hashKey, out.toBuffer(up.lane().alloc, 0));
    }

    /** Where a routed request goes upstream: what its request line and Host are made from. */
    private record Upstream(FastLane lane, RoutingState routing, RouteHit hit, String method,
            PathNormalizer.Target target, String hostHeader, HostAndPort hostAuthority, String host) {

        /** One backend of the rule by weight; its 500/503 answers when there is none to call. */
        ClusterState cluster() {
            return GatewayHandler.clusterFor(hit.rule().rule(), hit.rule().id(), routing);
        }

        /** The request line and Host, rewritten as the rule says, in the lane's head writer; headers follow. */
        HeadWriter head(String query) {
            String path = Rewrites.path(hit, target.path());
            String uri = query == null ? path : path + "?" + query;
            String upstreamHost = Rewrites.host(hit, target.authority() != null ? target.authority() : hostHeader);
            HostAndPort authority = upstreamHost == hostHeader && hostAuthority != null ? hostAuthority
                    : GatewayHandler.parseAuthority(upstreamHost);
            HeadWriter out = lane.heads.reset();
            out.text(method).ch(' ').text(uri).text(" HTTP/1.1\r\nhost: ").text(authority.host());
            if (authority.port() >= 0) {
                out.ch(':').number(authority.port());
            }
            return out.crlf();
        }
    }

    /** A request head on the wire as filters read it; valid while its exchange runs (the connection reads no further head). */
    private record WireHead(HttpHead head, String query) implements RequestHead {
        @Override
        public String method() {
            return head.method;
        }

        @Override
        public String header(String name) {
            return head.get(name);
        }

        @Override
        public List<String> headers(String name) {
            return head.getAll(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Headers the gateway sets itself on the way up (so the client's are dropped, as a map's set would). */
    private static boolean replacedUpstream(HttpHead head, int i) {
        int len = head.nameLength(i);
        return (len == 12 && head.named(i, "x-request-id")) || (len == 15 && head.named(i, "x-forwarded-for"))
                || (len == 16 && head.named(i, "x-forwarded-host")) || (len == 17 && head.named(i, "x-forwarded-proto"));
    }
}
