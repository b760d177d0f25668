package dev.portico.dataplane.aggregate;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.snapshot.LoadBalancer;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import java.util.ArrayList;
import java.util.List;

/** Answers an aggregate rule's requests itself: expands the backend paths, then runs a {@link FanOut}. */
final class AggregateFilter implements RouteFilter {
    private final AggregatePlan plan;

    AggregateFilter(AggregatePlan plan) {
        this.plan = plan;
    }

    @Override
    public Future<Void> apply(Exchange ex) {
        if (ex.upstreams() == null) {
            return Future.failedFuture(new IllegalStateException("aggregate rule " + plan.ruleId()
                    + " reached outside a gateway listener"));
        }
        // the query as upstreams may see it: auth strips an API key sent as a query parameter
        RequestValues values = new RequestValues(ex.hit().captures(), ex.upstreamQuery(ex.request().query()));
        List<String> uris = new ArrayList<>(plan.backends().size());
        try {
            for (AggregatePlan.Backend b : plan.backends()) {
                uris.add(b.path().expand(values));
            }
        } catch (GatewayException e) {
            return Future.failedFuture(e);
        }
        return new FanOut(plan, ex, uris, hashKey(plan.lb(), ex)).run();
    }

    /** The ConsistentHash key, as proxying computes it. */
    private static String hashKey(LoadBalancer lb, Exchange ex) {
        if (lb.type() != LoadBalancer.Type.ConsistentHash || lb.hash() == null) {
            return null;
        }
        LoadBalancer.HashOn on = lb.hash();
        if (on.header() != null) {
            return ex.request().getHeader(on.header());
        }
        if (on.cookie() != null) {
            Cookie c = ex.request().getCookie(on.cookie());
            return c == null ? null : c.getValue();
        }
        return on.clientIP() ? ex.clientIp() : null;
    }
}
