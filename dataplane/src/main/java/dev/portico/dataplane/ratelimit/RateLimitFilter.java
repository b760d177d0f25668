package dev.portico.dataplane.ratelimit;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.RouteFilter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's rate limits. Every limit whose {@code when} matches must admit the request; a refused request
 * counts against none of them (Local counts are given back, the Redis script writes nothing). Local limits
 * are decided first, on the event loop; Global ones in one Redis round trip.
 */
final class RateLimitFilter implements RouteFilter {
    private final LimitSpec[] local;
    private final LimitSpec[] global;
    private final LocalBuckets buckets;
    private final RedisBuckets redis;

    RateLimitFilter(List<LimitSpec> local, List<LimitSpec> global, LocalBuckets buckets, RedisBuckets redis) {
        this.local = local.toArray(LimitSpec[]::new);
        this.global = global.toArray(LimitSpec[]::new);
        this.buckets = buckets;
        this.redis = redis;
    }

    @Override
    public boolean readsHeadOnly() {
        return true;
    }

    @Override
    public Future<Void> apply(Exchange ex) {
        long now = buckets.now();
        String[] keys = new String[local.length];
        Verdict tightest = null;
        for (int i = 0; i < local.length; i++) {
            LimitSpec spec = local[i];
            if (!spec.when().test(ex)) {
                continue;
            }
            String key = spec.key().keyOf(ex);
            Verdict v = buckets.take(spec, key, now);
            if (!v.admitted()) {
                return refuseLocally(ex, i, v, keys, now);
            }
            keys[i] = key;
            tightest = Verdict.tighter(tightest, v);
        }
        List<LimitSpec> globals = null;
        List<String> globalKeys = null;
        for (LimitSpec spec : global) {
            if (spec.when().test(ex)) {
                if (globals == null) {
                    globals = new ArrayList<>(global.length);
                    globalKeys = new ArrayList<>(global.length);
                }
                globals.add(spec);
                globalKeys.add(spec.key().keyOf(ex));
            }
        }
        if (globals == null) {
            admit(ex, keys, tightest);
            return Future.succeededFuture();
        }
        return decideGlobally(ex, keys, tightest, globals, globalKeys);
    }

    private Future<Void> refuseLocally(Exchange ex, int refusedAt, Verdict refusal, String[] keys, long now) {
        LimitSpec refuser = local[refusedAt];
        refuser.meters().limited().increment();
        giveBack(keys);
        for (int j = refusedAt + 1; j < local.length; j++) { // a later limit may ask for a longer wait
            LimitSpec spec = local[j];
            if (spec.when().test(ex)) {
                Verdict v = buckets.peek(spec, spec.key().keyOf(ex), now);
                if (!v.admitted() && v.retryNanos() > refusal.retryNanos()) {
                    refusal = v;
                    refuser = spec;
                }
            }
        }
        RateLimitAnswers.headers(ex, refusal);
        return Future.failedFuture(RateLimitAnswers.tooManyRequests(refuser, refusal));
    }

    private Future<Void> decideGlobally(Exchange ex, String[] keys, Verdict localTightest, List<LimitSpec> globals,
            List<String> globalKeys) {
        Context context = Vertx.currentContext();
        Promise<Void> decided = Promise.promise();
        redis.take(globals, globalKeys).onComplete(ar -> {
            Runnable finish = () -> {
                if (ar.succeeded()) {
                    settle(ex, keys, localTightest, globals, ar.result(), decided);
                } else {
                    degrade(ex, keys, localTightest, globals, decided);
                }
            };
            if (context == null || Vertx.currentContext() == context) {
                finish.run();
            } else {
                context.runOnContext(v -> finish.run()); // answer on the request's own event loop
            }
        });
        return decided.future();
    }

    private void settle(Exchange ex, String[] keys, Verdict tightest, List<LimitSpec> globals, Verdict[] verdicts,
            Promise<Void> decided) {
        Verdict refusal = null;
        LimitSpec refuser = null;
        for (int i = 0; i < verdicts.length; i++) {
            Verdict v = verdicts[i];
            if (!v.admitted()) {
                globals.get(i).meters().limited().increment();
                if (refusal == null || v.retryNanos() > refusal.retryNanos()) {
                    refusal = v;
                    refuser = globals.get(i);
                }
            }
            tightest = Verdict.tighter(tightest, v);
        }
        if (refusal != null) {
            giveBack(keys);
            RateLimitAnswers.headers(ex, refusal);
            decided.fail(RateLimitAnswers.tooManyRequests(refuser, refusal));
            return;
        }
        globals.forEach(g -> g.meters().admitted().increment());
        admit(ex, keys, tightest);
        decided.complete();
    }

    /** Redis is unreachable or slow: each Global limit's failureMode decides. */
    private void degrade(Exchange ex, String[] keys, Verdict tightest, List<LimitSpec> globals, Promise<Void> decided) {
        LimitSpec closed = null;
        for (LimitSpec g : globals) {
            g.meters().redisFailures().increment();
            if (g.failClosed() && closed == null) {
                closed = g;
            }
        }
        if (closed != null) {
            giveBack(keys);
            decided.fail(RateLimitAnswers.unavailable(closed));
            return;
        }
        globals.forEach(g -> g.meters().admitted().increment());
        admit(ex, keys, tightest);
        decided.complete();
    }

    private void admit(Exchange ex, String[] keys, Verdict tightest) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                local[i].meters().admitted().increment();
            }
        }
        if (tightest != null) {
            RateLimitAnswers.headers(ex, tightest);
        }
    }

    private void giveBack(String[] keys) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                buckets.refund(local[i], keys[i]);
            }
        }
    }
}
