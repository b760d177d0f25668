package dev.portico.dataplane.filter;

import io.vertx.core.Future;
import java.util.List;

/** Runs filters one after the other; stops at the first failure or at a filter that responded. */
public final class FilterChain {
    private FilterChain() {
    }

    public static Future<Void> run(List<RouteFilter> filters, Exchange exchange) {
        return step(filters, 0, exchange);
    }

    private static Future<Void> step(List<RouteFilter> filters, int i, Exchange exchange) {
        if (i == filters.size() || exchange.responded()) {
            return Future.succeededFuture();
        }
        Future<Void> f;
        try {
            f = filters.get(i).apply(exchange);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return f.compose(v -> step(filters, i + 1, exchange));
    }
}
