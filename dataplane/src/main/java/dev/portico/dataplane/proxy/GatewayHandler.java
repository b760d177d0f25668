package dev.portico.dataplane.proxy;

import dev.portico.dataplane.RoutingState;
import dev.portico.dataplane.accesslog.AccessEntry;
import dev.portico.dataplane.admin.GatewayMetrics;
import dev.portico.dataplane.cors.CorsPreflight;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.FilterChain;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.http.ForwardedFor;
import dev.portico.dataplane.http.HopByHop;
import dev.portico.dataplane.http.PathNormalizer;
import dev.portico.dataplane.http.RequestIds;
import dev.portico.dataplane.routing.CompiledRule;
import dev.portico.dataplane.routing.RouteHit;
import dev.portico.dataplane.routing.RouteRequest;
import dev.portico.dataplane.upstream.BackendChoice;
import dev.portico.dataplane.upstream.Balancer;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.dataplane.upstream.Upstreams;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.LoadBalancer;
import dev.portico.snapshot.Rule;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The request path of the gateway: normalise once, route with the router current at arrival (kept
 * to the end), clean headers, run the rule's filters, then proxy (or tunnel a WebSocket).
 */
public final class GatewayHandler implements Handler<HttpServerRequest> {
    private static final InternalFailures FAILURES = new InternalFailures();
    // header names with their hash computed once: looked up or set on every request
    private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("x-forwarded-for");
    private static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("x-forwarded-proto");
    private static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("x-forwarded-host");

    private final ProxyContext ctx;
    private final Supplier<RoutingState> state;
    private final int trustedHops;
    private final int maxHeaders;
    // HTTP/1 connections that asked for an Upgrade: they end with that answer. One verticle's event loop
    // uses this set; weak, so a connection that goes is forgotten.
    private final Set<HttpConnection> endingAfterUpgrade = Collections.newSetFromMap(new WeakHashMap<>());

    GatewayHandler(ProxyContext ctx, Supplier<RoutingState> state, int trustedHops, int maxHeaders) {
        this.ctx = ctx;
        this.state = state;
        this.trustedHops = trustedHops;
        this.maxHeaders = maxHeaders;
    }

    @Override
    public void handle(HttpServerRequest req) {
        req.pause();
        if (req.version() != HttpVersion.HTTP_2) {
            if (!endingAfterUpgrade.isEmpty() && endingAfterUpgrade.contains(req.connection())) {
                // pipelined behind an Upgrade, past the edge guard (which stepped aside there): never served
                req.connection().close();
                return;
            }
            if (req.headers().contains(HttpHeaders.UPGRADE)) {
                // unless a tunnel replaces it (which drops this header), the connection ends with this response
                req.response().headers().set("connection", "close");
                endingAfterUpgrade.add(req.connection());
            } else if (HopByHop.hasCloseOption(req.getHeader(HttpHeaders.CONNECTION))) {
                // RFC 9112 9.6: close after this response. Vert.x does so by itself only for a header that is
                // exactly "close"; "close, X-Foo" also names a header to drop and must end the connection too.
                req.response().headers().set("connection", "close");
                req.response().bodyEndHandler(v -> req.connection().close());
            }
        }
        RoutingState routing = state.get();
        String requestId = RequestIds.of(req.getHeader(RequestIds.HEADER_NAME), trustedHops);
        String[] ruleLabels = {GatewayMetrics.NO_ROUTE, GatewayMetrics.NO_ROUTE, GatewayMetrics.NO_ROUTE};
        AccessEntry entry = ctx.accessLog() == null ? null : AccessLines.of(req);
        req.response().endHandler(v -> {
            // Vert.x also ends here when the connection closed first, the status still its default 200: as on the
            // forward path, a request counts by the head the client got, or as abandoned (status 0) if none went out
            HttpServerResponse out = req.response();
            boolean answered = out.ended() || out.headWritten();
            if (answered) {
                ctx.metrics().request(ruleLabels[0], ruleLabels[1], ruleLabels[2], out.getStatusCode());
            } else {
                ctx.metrics().abandoned(ruleLabels[0], ruleLabels[1], ruleLabels[2]);
            }
            if (entry != null) {
                ctx.accessLog().record(entry.ended(answered ? out.getStatusCode() : 0, requestId));
            }
        });
        try {
            if (routing == null) {
                throw new GatewayException(503, "not_ready", "no route snapshot has been applied yet");
            }
            if (req.version() == HttpVersion.HTTP_2 && req.headers().size() > maxHeaders) {
                throw new GatewayException(431, "request_header_fields_too_large",
                        "more than " + maxHeaders + " request headers");
            }
            PathNormalizer.Target target = PathNormalizer.normalize(req.uri());
            String host = target.authority() != null ? target.authority() : hostOf(req);
            if (entry != null) {
                entry.routedBy(host, target.path());
            }
            RouteRequest lookup = new RouteRequest(host, target.path(), req.method().name(), req::getHeader,
                    target.query());
            // a CORS preflight goes where the request it announces would, when that route has cors
            RouteHit preflight = req.method() == HttpMethod.OPTIONS ? CorsPreflight.route(routing.router(), lookup)
                    : null;
            RouteHit hit = preflight != null ? preflight : routing.router().route(lookup);
            if (hit == null) {
                throw new GatewayException(404, "route_not_found", routing.router().whyNoRoute(lookup));
            }
            CompiledRule compiled = hit.rule();
            ruleLabels[0] = compiled.id();
            ruleLabels[1] = compiled.route().id();
            ruleLabels[2] = compiled.ruleName();
            checkDeclaredLength(req, compiled.rule());
            Exchange ex = exchange(req, requestId, host, target.path(), hit, routing);
            if (entry != null) {
                entry.route(compiled.route().id()).client(ex.clientIp());
            }
            if (preflight != null) {
                ex.markPreflight();
            }
            FilterChain.run(compiled.filters(), ex).onComplete(ar -> {
                if (ar.failed()) {
                    ctx.errors().send(ex, asGatewayError(ar.cause(), requestId), entry);
                } else if (!ex.responded()) {
                    dispatch(ex, routing, target.query(),
                            target.authority() != null ? target.authority() : authorityOf(req), entry);
                }
            });
        } catch (GatewayException e) {
            ctx.errors().send(req, requestId, e, entry);
        } catch (RuntimeException e) {
            ctx.errors().send(req, requestId, asGatewayError(e, requestId), entry);
        }
    }

    private Exchange exchange(HttpServerRequest req, String requestId, String host, String path, RouteHit hit,
            RoutingState routing) {
        String peer = req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
        Forwarded fwd = forwarded(req.headers(), hit, peer, req.isSSL(), host, requestId, trustedHops);
        return new Exchange(req, requestId, fwd.clientIp(), path, hit, fwd.headers(),
                new Upstreams(ctx.vertx(), ctx.client(), routing.endpoints(), ctx.outliers(), ctx.metrics()));
    }

    /** The headers that go upstream and who the client is, as both forward paths compute them. */
    record Forwarded(MultiMap headers, String clientIp) {
    }

    /** Who the client is and the X-Forwarded-For/Proto values sent upstream, from what the client sent. */
    record ForwardedValues(String clientIp, String forwardedFor, String proto) {
        static ForwardedValues of(List<String> xff, String clientProto, String peer, boolean ssl, int trustedHops) {
            String proto = trustedHops > 0 && clientProto != null ? clientProto : ssl ? "https" : "http";
            return new ForwardedValues(ForwardedFor.clientIp(xff, peer, trustedHops), ForwardedFor.appended(xff, peer),
                    proto);
        }
    }

    /**
     * The client's headers cleaned of hop-by-hop and identity headers, then X-Forwarded-For/Proto/Host,
     * X-Request-Id and the rule's request header modifiers.
     */
    static Forwarded forwarded(MultiMap client, RouteHit hit, String peer, boolean ssl, String host, String requestId,
            int trustedHops) {
        MultiMap upstream = HopByHop.upstreamHeaders(client, hit.rule().identityHeaders());
        // X-Forwarded-For as it goes on (unless Connection listed it); the proto as the client sent it
        return completed(upstream, ForwardedValues.of(upstream.getAll(X_FORWARDED_FOR), client.get(X_FORWARDED_PROTO),
                peer, ssl, trustedHops), hit, host, requestId);
    }

    /**
     * The gateway's own headers on top of the client's kept ones ({@code upstream}): X-Forwarded-For/Proto as
     * {@code v} says, X-Forwarded-Host and X-Request-Id, then the rule's request header modifiers.
     */
    static Forwarded completed(MultiMap upstream, ForwardedValues v, RouteHit hit, String host, String requestId) {
        upstream.set(X_FORWARDED_FOR, v.forwardedFor());
        upstream.set(X_FORWARDED_PROTO, v.proto());
        upstream.set(X_FORWARDED_HOST, host);
        upstream.set(RequestIds.HEADER_NAME, requestId);
        Rewrites.apply(hit.rule().rule().requestHeaders(), upstream);
        return new Forwarded(upstream, v.clientIp());
    }

    /** @param authority what the request was addressed to (absolute-form authority, else Host): sent upstream */
    private void dispatch(Exchange ex, RoutingState routing, String query, String authority, AccessEntry entry) {
        Rule rule = ex.hit().rule().rule();
        if (rule.isAggregate()) {
            // Until the aggregation filter is registered, an aggregate rule says so plainly.
            ctx.errors().send(ex, new GatewayException(501, "not_implemented",
                    "aggregation is not available in this data plane build"), entry);
            return;
        }
        ClusterState cluster;
        try {
            cluster = clusterFor(rule, ex.hit().rule().id(), routing);
        } catch (GatewayException e) {
            ctx.errors().send(ex, e, entry);
            return;
        }
        String path = Rewrites.path(ex.hit(), ex.path());
        String upstreamQuery = ex.upstreamQuery(query);
        String uri = upstreamQuery == null ? path : path + "?" + upstreamQuery;
        String authorityText = Rewrites.host(ex.hit(), authority == null ? "" : authority);
        String hashKey = hashKey(rule.loadBalancer(), ex);
        if (WebSocketTunnel.isUpgrade(ex.request()) && ex.request().version() != HttpVersion.HTTP_2) {
            var ep = Balancer.pick(rule.loadBalancer(), cluster, cluster.available(System.nanoTime(), null), hashKey);
            if (entry != null) {
                entry.upstream(ep.authority());
            }
            WebSocketTunnel.open(ctx, ex, cluster, ep, uri, parseAuthority(authorityText), entry);
            return;
        }
        new UpstreamCall(ctx, ex, cluster, uri, parseAuthority(authorityText), hashKey, entry).start();
    }

    /** One backend of the rule by weight, and its cluster; the 503/500 answers when there is none to call. */
    static ClusterState clusterFor(Rule rule, String ruleId, RoutingState routing) {
        BackendRef ref = BackendChoice.pick(rule.backends());
        if (ref == null) {
            throw new GatewayException(503, "no_backend", "rule " + ruleId + " has no backend with a weight above 0");
        }
        ClusterState cluster = routing.endpoints().cluster(ref.cluster());
        if (cluster == null) {
            throw new GatewayException(500, "backend_not_found", "service " + ref.cluster() + " does not exist");
        }
        if (!cluster.cluster().serviceExists()) {
            throw new GatewayException(500, "backend_not_found", cluster.cluster().notFoundMessage());
        }
        if (cluster.endpoints().isEmpty()) {
            throw new GatewayException(503, "no_healthy_upstream", "service " + cluster.name() + " has no ready endpoints");
        }
        return cluster;
    }

    private static String hashKey(LoadBalancer lb, Exchange ex) {
        return hashKey(lb, ex.request()::getHeader, name -> {
            Cookie c = ex.request().getCookie(name);
            return c == null ? null : c.getValue();
        }, ex.clientIp());
    }

    /** ConsistentHash's key: the named header or cookie, or the client IP; null for other balancers. */
    static String hashKey(LoadBalancer lb, Function<String, String> headers, Function<String, String> cookies,
            String clientIp) {
        if (lb.type() != LoadBalancer.Type.ConsistentHash || lb.hash() == null) {
            return null;
        }
        LoadBalancer.HashOn on = lb.hash();
        if (on.header() != null) {
            return headers.apply(on.header());
        }
        if (on.cookie() != null) {
            return cookies.apply(on.cookie());
        }
        return on.clientIP() ? clientIp : null;
    }

    static HostAndPort parseAuthority(String text) {
        HostAndPort parsed = text == null ? null : HostAndPort.parseAuthority(text, -1);
        return parsed != null ? parsed : HostAndPort.create(text == null ? "" : text, -1);
    }

    /** Host header, or :authority for HTTP/2. */
    private static String authorityOf(HttpServerRequest req) {
        String header = req.getHeader(HttpHeaders.HOST);
        if (header != null) {
            return header;
        }
        HostAndPort a = req.authority();
        return a == null ? null : a.port() > 0 ? a.host() + ":" + a.port() : a.host();
    }

    private static String hostOf(HttpServerRequest req) {
        HostAndPort authority = req.authority();
        if (authority == null) {
            throw new GatewayException(400, "bad_request", "missing or malformed Host header");
        }
        return authority.host();
    }

    private static void checkDeclaredLength(HttpServerRequest req, Rule rule) {
        String cl = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (cl != null) {
            try {
                if (Long.parseLong(cl.trim()) > rule.maxBodyBytes()) {
                    throw new GatewayException(413, "payload_too_large",
                            "request body of " + cl.trim() + " bytes exceeds " + rule.maxBodyBytes() + " bytes",
                            java.util.Map.of("connection", "close"));
                }
            } catch (NumberFormatException e) {
                throw new GatewayException(400, "bad_request", "malformed Content-Length");
            }
        }
    }

    static GatewayException asGatewayError(Throwable cause, String requestId) {
        if (cause instanceof GatewayException g) {
            return g;
        }
        FAILURES.failed(requestId, cause);
        return new GatewayException(500, "internal_error", "the gateway failed to handle the request");
    }
}
