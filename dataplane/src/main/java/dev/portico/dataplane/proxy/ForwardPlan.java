package dev.portico.dataplane.proxy;

import dev.portico.dataplane.RoutingState;
import dev.portico.dataplane.cors.CorsPreflight;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.filter.HeaderEdits;
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
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.HostAndPort;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides whether the forward path can serve a request exactly as the Vert.x path would, and if so
 * prepares it (route, upstream head). Everything it cannot serve goes to Vert.x unchanged: other
 * HTTP versions, upgrades, {@code Expect}, {@code Connection: close}, chunked request bodies, requests
 * that would be refused before a backend is chosen (no route, bad target, body over the limit), CORS
 * preflights, and rules with aggregation or a filter that needs the Vert.x request ({@link
 * dev.portico.dataplane.filter.RouteFilter#readsHeadOnly}: auth and rate limits do not).
 */
final class ForwardPlan {
    /**
     * Methods a retry may send again after the upstream received them (RFC 9110 section 9.2.2), when they have no
     * body: a body is sent once, so a request with one is tried again only after a connect failure.
     */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private final FastLane lane;
    private final FastForwarder conn;
    private final FastExchange exchange; // a connection has one exchange at a time: the same one, begun again
    private final RouteRequest lookup = new RouteRequest();

    // The current request's, set by prepare and read while its exchange runs (the connection reads no further
    // head until it is done): where it goes upstream, and what its head is made from.
    private RoutingState routing;
    private RouteHit hit;
    private HttpHead head;
    private String authority; // an absolute-form target's, else null
    private String path;
    private String query;
    private String hostHeader;
    private HostAndPort hostAuthority;
    private String host;
    private String peer;
    private int hops;
    private String clientIp;
    private String forwardedFor;
    private String proto;

    ForwardPlan(FastLane lane, FastForwarder conn) {
        this.lane = lane;
        this.conn = conn;
        this.exchange = new FastExchange(lane, conn);
    }

    /**
     * @param head a request head {@link FastForwarder} did not already send aside (upgrades, CONNECT and PRI go to
     *             Vert.x before this is asked)
     * @return the connection's exchange begun for this request, or null to hand the request to Vert.x
     */
    FastExchange prepare(HttpHead head, String peer) {
        if (!head.http11 || head.expect || head.close || head.chunked || head.otherCoding || head.hosts != 1) {
            return null;
        }
        if (CorsPreflight.announcedMethod(head.method, head.lookup) != null) {
            return null; // routed by the method it announces, and maybe answered by the CORS filter: on Vert.x
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
        String hostHeader = head.get("host", conn.lastHost());
        String host = target.authority();
        HostAndPort hostAuthority = null;
        if (host == null) {
            hostAuthority = conn.authorityOf(hostHeader);
            if (hostAuthority == null) {
                return null;
            }
            host = hostAuthority.host();
        }
        RouteHit hit = routing.router().route(lookup.set(host, target.path(), head.method, head.lookup,
                target.query()));
        if (hit == null) {
            return null;
        }
        CompiledRule compiled = hit.rule();
        Rule rule = compiled.rule();
        if (!compiled.filtersReadHeadOnly() || rule.isAggregate() || head.contentLength > rule.maxBodyBytes()) {
            return null;
        }
        int hops = lane.trustedHops;
        FastExchange ex = exchange.begin(compiled, hops > 0 ? RequestIds.trusted(head.get("x-request-id")) : null,
                head.method.equals("HEAD"), head.contentLength > 0,
                head.contentLength <= 0 && IDEMPOTENT.contains(head.method));
        GatewayHandler.ForwardedValues forwarded = GatewayHandler.ForwardedValues.of(
                head.forwarded ? head.getAll("x-forwarded-for") : List.of(),
                head.forwarded && hops > 0 ? head.get("x-forwarded-proto") : null, peer, false, hops);
        this.routing = routing;
        this.hit = hit;
        this.head = head;
        this.authority = target.authority();
        this.path = target.path();
        this.query = target.query();
        this.hostHeader = hostHeader;
        this.hostAuthority = hostAuthority;
        this.host = host;
        this.peer = peer;
        this.hops = hops;
        this.clientIp = forwarded.clientIp();
        this.forwardedFor = forwarded.forwardedFor();
        this.proto = forwarded.proto();
        if (lane.ctx.accessLog() != null) {
            ex.logAs(head.method, host, path, clientIp, compiled.route().id());
        }
        // the common case: the client's header lines copied as they came, no map built
        boolean asCame = !head.listsHeaders && (rule.requestHeaders() == null || rule.requestHeaders().isEmpty());
        if (!compiled.filters().isEmpty()) {
            // filters edit the headers and query that go upstream, and answer first (401 before a 503, as on Vert.x)
            WireHead wire = new WireHead(head, query);
            Exchange x;
            if (asCame) {
                x = new Exchange(wire, ex.requestId(), clientIp, path, hit, () -> editable().headers());
            } else {
                GatewayHandler.Forwarded fwd = editable();
                x = new Exchange(wire, ex.requestId(), fwd.clientIp(), path, hit, fwd::headers);
            }
            return ex.filteredBy(x, done -> afterFilters(done, asCame));
        }
        ClusterState cluster;
        try {
            cluster = cluster();
        } catch (GatewayException e) {
            return ex.refusedWith(e);
        }
        HeadWriter out = head(query);
        String hashIp;
        if (asCame) {
            hashIp = clientIp;
            copyLines(out, null);
        } else {
            GatewayHandler.Forwarded fwd = editable();
            hashIp = fwd.clientIp();
            out.lines(fwd.headers());
        }
        String hashKey = hashKey(rule.loadBalancer(), head.lookup, hashIp);
        return ex.to(routing.endpoints(), cluster, hashKey, out.toBuffer(lane.alloc, 0));
    }

    /** Once the filters let the request through: its cluster (a 500/503 only now) and the head with their edits. */
    private void afterFilters(Exchange x, boolean asCame) {
        ClusterState cluster = cluster();
        LoadBalancer lb = x.hit().rule().rule().loadBalancer();
        String hashKey = hashKey(lb, x.head()::header, x.clientIp());
        HeadWriter out = head(x.upstreamQuery(query));
        if (asCame && !x.upstreamHeadersMade()) {
            copyLines(out, x.upstreamEdits());
        } else {
            out.lines(x.upstreamHeaders());
        }
        exchange.to(routing.endpoints(), cluster, hashKey, out.toBuffer(lane.alloc, 0));
    }

    /** One backend of the rule by weight; its 500/503 answers when there is none to call. */
    private ClusterState cluster() {
        return GatewayHandler.clusterFor(hit.rule().rule(), hit.rule().id(), routing);
    }

    /** The request line and Host, rewritten as the rule says, in the lane's head writer; headers follow. */
    private HeadWriter head(String query) {
        String upstreamPath = Rewrites.path(hit, path);
        String uri = query == null ? upstreamPath : upstreamPath + "?" + query;
        String upstreamHost = Rewrites.host(hit, authority != null ? authority : hostHeader);
        HostAndPort upstreamAuthority = upstreamHost == hostHeader && hostAuthority != null ? hostAuthority
                : GatewayHandler.parseAuthority(upstreamHost);
        HeadWriter out = lane.heads.reset();
        out.text(head.method).ch(' ').text(uri).text(" HTTP/1.1\r\nhost: ").text(upstreamAuthority.host());
        if (upstreamAuthority.port() >= 0) {
            out.ch(':').number(upstreamAuthority.port());
        }
        return out.crlf();
    }

    /**
     * The header lines as {@link GatewayHandler#forwarded} would make them, without a map: the client's as they
     * came minus hop-by-hop, identity and edited ones, then the gateway's own and the edits' values.
     * Only for a head that lists no headers in Connection and a rule without request header modifiers.
     */
    private void copyLines(HeadWriter out, HeaderEdits edits) {
        List<String> edited = edits == null ? List.of() : edits.names();
        for (int i = 0; i < head.count; i++) {
            if (kept(i) && !namedIn(head, i, edited)) {
                head.writeLine(i, out);
            }
        }
        own(out, edits, "x-forwarded-for", forwardedFor);
        own(out, edits, "x-forwarded-proto", proto);
        own(out, edits, "x-forwarded-host", host);
        if (edits == null || !edits.touches("x-request-id")) {
            out.text("x-request-id: ");
            exchange.writeRequestId(out);
            out.crlf();
        }
        for (int e = 0; edits != null && e < edits.size(); e++) {
            if (edits.value(e) != null) {
                out.line(edits.name(e), edits.value(e));
            }
        }
        out.crlf();
    }

    /** The headers that go upstream as a map filters can edit; without a map of the client's first when it can. */
    private GatewayHandler.Forwarded editable() {
        if (head.listsHeaders) {
            return GatewayHandler.forwarded(head.toMultiMap(), hit, peer, false, host, exchange.requestId(), hops);
        }
        MultiMap upstream = HttpHeaders.headers();
        for (int i = 0; i < head.count; i++) {
            if (kept(i)) {
                upstream.add(head.name(i), head.value(i));
            }
        }
        return GatewayHandler.completed(upstream,
                new GatewayHandler.ForwardedValues(clientIp, forwardedFor, proto), hit, host, exchange.requestId());
    }

    /** Does client header line {@code i} go upstream: not hop-by-hop, not one the gateway sets, no identity? */
    private boolean kept(int i) {
        return !HopByHop.dropsUpstream(head.bytes, head.nameStart(i), head.nameLength(i))
                && !replacedUpstream(head, i) && !namedIn(head, i, hit.rule().identityHeaders());
    }

    private static void own(HeadWriter out, HeaderEdits edits, String lowerName, String value) {
        if (edits == null || !edits.touches(lowerName)) {
            out.line(lowerName, value);
        }
    }

    /** ConsistentHash's key from a request's headers and cookies; for other balancers null, with no lambda made. */
    private static String hashKey(LoadBalancer lb, Function<String, String> headers, String clientIp) {
        if (lb.type() != LoadBalancer.Type.ConsistentHash) {
            return null;
        }
        return GatewayHandler.hashKey(lb, headers, name -> cookie(headers.apply("cookie"), name), clientIp);
    }

    /** A cookie's value from a Cookie header, as Vert.x's {@code getCookie} reads it (Netty's strict decoder); null when absent. */
    private static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
            if (c.name().equals(name)) {
                return c.value();
            }
        }
        return null;
    }

    /** Is header line {@code i} named one of these lower-case names? */
    private static boolean namedIn(HttpHead head, int i, Collection<String> lowerNames) {
        if (lowerNames.isEmpty()) {
            return false; // most routes: no iterator per header line
        }
        for (String name : lowerNames) {
            if (head.named(i, name)) {
                return true;
            }
        }
        return false;
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
            return head.getAll(name);
        }
    }

    /** Headers the gateway sets itself on the way up (so the client's are dropped, as a map's set would). */
    private static boolean replacedUpstream(HttpHead head, int i) {
        int len = head.nameLength(i);
        return (len == 12 && head.named(i, "x-request-id")) || (len == 15 && head.named(i, "x-forwarded-for"))
                || (len == 16 && head.named(i, "x-forwarded-host")) || (len == 17 && head.named(i, "x-forwarded-proto"));
    }
}
