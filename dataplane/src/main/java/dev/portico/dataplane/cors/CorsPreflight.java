package dev.portico.dataplane.cors;

import dev.portico.dataplane.routing.RouteHit;
import dev.portico.dataplane.routing.RouteRequest;
import dev.portico.dataplane.routing.Router;
import java.util.function.Function;

/**
 * A CORS preflight: an {@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}. It is routed as
 * the request it announces; when that reaches a route with cors, the route's {@link CorsFilter} answers it, else the
 * {@code OPTIONS} is routed as it is.
 */
public final class CorsPreflight {
    static final String ORIGIN = "origin";
    static final String REQUEST_METHOD = "access-control-request-method";
    static final String REQUEST_HEADERS = "access-control-request-headers";

    private CorsPreflight() {
    }

    /** The method a preflight announces; null when the request is no preflight (cheap for other methods). */
    public static String announcedMethod(String method, Function<String, String> headers) {
        if (!"OPTIONS".equals(method)) {
            return null;
        }
        String announced = headers.apply(REQUEST_METHOD);
        return announced == null || headers.apply(ORIGIN) == null ? null : announced.trim();
    }

    /** The rule the announced request reaches when its route has cors; null to route the OPTIONS as it is. */
    public static RouteHit route(Router router, RouteRequest options) {
        String announced = announcedMethod(options.method(), options::header);
        if (announced == null) {
            return null;
        }
        RouteHit hit = router.route(options.withMethod(announced));
        return hit != null && hit.rule().route().cors() != null ? hit : null;
    }
}
