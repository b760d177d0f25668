package dev.portico.dataplane.cors;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.filter.RequestHead;
import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.http.RequestIds;
import dev.portico.dataplane.http.UnreadBody;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CORS for one route's rules, first in their chain. A preflight the gateway routed here ({@link Exchange#preflight})
 * is answered at once, 204 with the {@code Access-Control-*} headers or 403 {@code cors_rejected} naming what was
 * refused: auth, rate limits and the upstream never see it. Any other request with an {@code Origin} gets, when that
 * origin is allowed, {@code Access-Control-Allow-Origin} and as configured {@code -Allow-Credentials} and
 * {@code -Expose-Headers} on whatever answers it (the upstream, or the gateway's own 401, 429, 5xx); the upstream's
 * {@code Access-Control-*} headers never reach such a client, allowed or not. Every answer of the route says
 * {@code Vary: Origin}.
 */
final class CorsFilter implements RouteFilter {
    private static final String UPSTREAM_CORS = "access-control-";
    private static final String ALLOW_ORIGIN = "access-control-allow-origin";
    private static final String ALLOW_CREDENTIALS = "access-control-allow-credentials";
    private static final String ALLOW_METHODS = "access-control-allow-methods";
    private static final String ALLOW_HEADERS = "access-control-allow-headers";
    private static final String EXPOSE_HEADERS = "access-control-expose-headers";
    private static final String MAX_AGE = "access-control-max-age";
    private static final String VARY = "vary";
    private static final String PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    private final CorsPolicy policy;

    CorsFilter(CorsPolicy policy) {
        this.policy = policy;
    }

    /**
     * Actual requests are read by their head and answered only through response headers, so they stay on the HTTP/1
     * forward path (whose answers then go through a header map, to drop the upstream's Access-Control-*). Preflights,
     * answered here through the Vert.x response, never take that path: it hands every one to Vert.x.
     */
    @Override
    public boolean readsHeadOnly() {
        return true;
    }

    @Override
    public Future<Void> apply(Exchange ex) {
        if (ex.preflight()) {
            return preflight(ex);
        }
        String origin = ex.head().header(CorsPreflight.ORIGIN);
        MultiMap out = ex.responseHeaders();
        if (origin != null) {
            ex.replaceUpstreamResponseHeaders(UPSTREAM_CORS);
            String allowOrigin = policy.allowOrigin(origin);
            if (allowOrigin != null) {
                allowed(out, allowOrigin);
                if (policy.exposeHeaders() != null) {
                    out.set(EXPOSE_HEADERS, policy.exposeHeaders());
                }
            }
        }
        // on every answer of the route, with or without an (allowed) Origin: a shared cache must not hand one
        // origin's answer, or one made without Origin, to another
        out.add(VARY, "Origin");
        return Future.succeededFuture();
    }

    private Future<Void> preflight(Exchange ex) {
        RequestHead head = ex.head();
        String origin = head.header(CorsPreflight.ORIGIN);
        String allowOrigin = policy.allowOrigin(origin);
        if (allowOrigin == null) {
            return refused("origin \"" + origin + "\"");
        }
        String method = head.header(CorsPreflight.REQUEST_METHOD).trim();
        if (!policy.methods().contains(method)) {
            return refused("method " + method);
        }
        List<String> requested = requestedHeaders(head.headers(CorsPreflight.REQUEST_HEADERS));
        for (String name : requested) {
            if (!policy.allowsHeader(name)) {
                return refused("header " + name);
            }
        }
        HttpServerResponse response = ex.request().response();
        MultiMap out = response.headers();
        allowed(out, allowOrigin);
        out.set(ALLOW_METHODS, policy.allowMethods());
        String allowHeaders = !policy.anyHeader() ? policy.allowHeaders()
                : requested.isEmpty() ? null : String.join(", ", requested);
        if (allowHeaders != null) {
            out.set(ALLOW_HEADERS, allowHeaders);
        }
        if (policy.maxAge() != null) {
            out.set(MAX_AGE, policy.maxAge());
        }
        out.set(VARY, PREFLIGHT_VARY);
        out.set(RequestIds.HEADER, ex.requestId());
        response.setStatusCode(204);
        ex.markResponded();
        response.end();
        UnreadBody.drain(ex.request());
        return Future.succeededFuture();
    }

    /** What every answer to an allowed origin carries, preflight or not. */
    private void allowed(MultiMap out, String allowOrigin) {
        out.set(ALLOW_ORIGIN, allowOrigin);
        if (policy.credentials()) {
            out.set(ALLOW_CREDENTIALS, "true");
        }
    }

    private Future<Void> refused(String what) {
        return Future.failedFuture(new GatewayException(403, "cors_rejected", "the CORS policy of route "
                + policy.routeId() + " does not allow the " + what));
    }

    /** {@code Access-Control-Request-Headers} as lower-case names, in the order asked for, over one line or several. */
    private static List<String> requestedHeaders(List<String> lines) {
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            for (String name : line.split(",")) {
                String trimmed = name.trim();
                if (!trimmed.isEmpty()) {
                    names.add(trimmed.toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
