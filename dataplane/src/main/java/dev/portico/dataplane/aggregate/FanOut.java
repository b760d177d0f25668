package dev.portico.dataplane.aggregate;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.net.HostAndPort;
import java.util.List;

/**
 * One aggregated request: every backend called at once, the answer written when the last one is
 * in (so the client waits for the slowest backend, not the sum), or a 502/504 as soon as a
 * required backend fails. Runs on the request's event loop only.
 */
final class FanOut {
    private final AggregatePlan plan;
    private final Exchange ex;
    private final BackendCall[] calls;
    private final CallResult[] results;
    private final Promise<Void> promise = Promise.promise();
    private int pending;
    private boolean decided;

    FanOut(AggregatePlan plan, Exchange ex, List<String> uris, String hashKey) {
        this.plan = plan;
        this.ex = ex;
        int n = plan.backends().size();
        this.calls = new BackendCall[n];
        this.results = new CallResult[n];
        MultiMap headers = plan.headers().select(ex.upstreamHeaders());
        HostAndPort authority = ex.request().authority();
        for (int i = 0; i < n; i++) {
            calls[i] = new BackendCall(ex.upstreams(), plan, plan.backends().get(i), uris.get(i), headers, authority,
                    hashKey);
        }
        this.pending = n;
    }

    Future<Void> run() {
        ex.request().response().closeHandler(v -> abandon());
        for (int i = 0; i < calls.length; i++) {
            int index = i;
            calls[i].start().onSuccess(r -> onResult(index, r));
        }
        return promise.future();
    }

    private void onResult(int index, CallResult result) {
        if (decided) {
            return;
        }
        results[index] = result;
        AggregatePlan.Backend backend = plan.backends().get(index);
        if (!result.succeeded() && backend.required()) {
            decided = true;
            cancelAll();
            boolean timeout = result.outcome() == CallResult.Outcome.TIMEOUT;
            promise.fail(new GatewayException(timeout ? 504 : 502,
                    timeout ? "aggregate_backend_timeout" : "aggregate_backend_failed",
                    "aggregate backend \"" + backend.name() + "\" (required) failed: " + result.message()));
            return;
        }
        if (--pending == 0) {
            decided = true;
            MergedResponse.send(ex, plan, results);
            promise.complete();
        }
    }

    /** The client went away: stop every call still running. */
    private void abandon() {
        if (!decided) {
            decided = true;
            cancelAll();
            ex.markResponded();
            promise.tryComplete();
        }
    }

    private void cancelAll() {
        for (BackendCall c : calls) {
            c.cancel();
        }
    }
}
