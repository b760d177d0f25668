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

    private static Future<Void> step(List<RouteFilter> filters, int from, Exchange exchange) {
        for (int i = from; i < filters.size() && !exchange.responded(); i++) {
            Future<Void> f;
            try {
                f = filters.get(i).apply(exchange);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            if (!f.isComplete()) { // decided later: the rest runs when it is
                int next = i + 1;
                return f.compose(v -> step(filters, next, exchange));
            }
            if (f.failed()) {
                return f;
            }
        }
        return Future.succeededFuture();
    }
}
