package dev.portico.dataplane.proxy;

import dev.portico.dataplane.accesslog.AccessEntry;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.upstream.Balancer;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.dataplane.upstream.EndpointState;
import dev.portico.dataplane.upstream.RetryTarget;
import dev.portico.snapshot.RetryPolicy;
import dev.portico.snapshot.Rule;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One proxied request: picks endpoints, tries, retries when the rule allows and it is safe (on another backend
 * of the rule when one is left, see {@link RetryTarget}), enforces per-try and overall timeouts, then streams the
 * upstream's answer back with back-pressure.
 * Runs on the client connection's event loop only.
 */
final class UpstreamCall extends Deadlines.Entry {
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final ProxyContext ctx;
    private final Exchange ex;
    private ClusterState cluster; // the current try's: a retry picks a backend of the rule again
    private final Rule rule;
    private final String uri;
    private final HostAndPort authority;
    private final HttpServerRequest req;
    private final boolean bodyless;
    private final long deadlineNanos;
    private final List<EndpointState> tried = new ArrayList<>(2);
    private final String hashKey;
    private long tryDeadlineNanos; // 0 while no attempt waits for its response head
    private HttpClientRequest timedOut; // the attempt the per-try deadline reset
    private HttpClientRequest current;
    private HttpClientResponse streaming;
    private boolean headHeld;
    private boolean bodyConsumed;
    private UpstreamBody body; // the client's body as it went upstream, once it did
    private boolean decided;
    private boolean finished;
    private final AccessEntry entry;

    /** @param entry this request's access-log entry, or null when there is no access log */
    UpstreamCall(ProxyContext ctx, Exchange ex, ClusterState cluster, String uri, HostAndPort authority,
            String hashKey, AccessEntry entry) {
        this.ctx = ctx;
        this.entry = entry;
        this.ex = ex;
        this.cluster = cluster;
        this.rule = ex.hit().rule().rule();
        this.uri = uri;
        this.authority = authority;
        this.req = ex.request();
        this.hashKey = hashKey;
        this.bodyless = isBodyless(req);
        this.deadlineNanos = System.nanoTime() + rule.timeoutMs() * 1_000_000L;
    }

    void start() {
        ctx.deadlines().arm(this, deadlineNanos);
        req.response().closeHandler(v -> abandon());
        attempt();
    }

    private void attempt() {
        ClusterState target = cluster; // this try's, also when its answer comes after a retry moved on
        long now = System.nanoTime();
        List<EndpointState> available = target.available(now, tried);
        EndpointState ep = Balancer.pick(rule.loadBalancer(), target, available, hashKey);
        tried.add(ep);
        if (entry != null) {
            entry.upstream(ep.authority());
        }
        long remainingMs = Math.max(1, (deadlineNanos - now) / 1_000_000L);
        RetryPolicy policy = rule.retries();
        long perTryMs = policy != null && policy.perTryTimeoutMs() > 0 ? Math.min(policy.perTryTimeoutMs(), remainingMs)
                : remainingMs;
        RequestOptions options = new RequestOptions()
                .setServer(ep.socketAddress())
                .setMethod(req.method())
                .setURI(uri)
                .setHeaders(ex.upstreamHeaders())
                .setConnectTimeout(perTryMs);
        ep.started();
        long started = System.nanoTime();
        ctx.client().request(options).onComplete(ar -> {
            if (decided) {
                ep.finished();
                if (ar.succeeded()) {
                    ar.result().reset();
                }
                return;
            }
            if (ar.failed()) {
                ep.finished();
                ctx.recordOutcome(target, ep, true);
                onFailure(TryFailure.CONNECT);
                return;
            }
            HttpClientRequest creq = ar.result();
            creq.exceptionHandler(UpstreamRequestErrors::report); // answered through the futures below
            creq.authority(authority);
            current = creq;
            long tryDeadline = System.nanoTime() + perTryMs * 1_000_000L;
            if (tryDeadline - deadlineNanos < 0) {
                tryDeadlineNanos = tryDeadline;
                ctx.deadlines().arm(this, tryDeadline);
            }
            Future<HttpClientResponse> sent;
            if (!bodyless && !bodyConsumed) {
                bodyConsumed = true;
                body = UpstreamBody.send(creq, new LimitedBody(req, rule.maxBodyBytes(), this::onBodyTooLarge));
                sent = creq.response();
            } else {
                sent = creq.send();
            }
            sent.onComplete(rar -> {
                if (tryDeadlineNanos != 0) {
                    tryDeadlineNanos = 0;
                    if (!finished) {
                        ctx.deadlines().arm(this, deadlineNanos);
                    }
                }
                if (decided) {
                    ep.finished();
                    if (rar.succeeded()) {
                        rar.result().request().reset();
                    }
                    return;
                }
                if (rar.failed()) {
                    ep.finished();
                    ctx.recordOutcome(target, ep, true);
                    onFailure(timedOut == creq ? TryFailure.TIMEOUT : TryFailure.RESET);
                    return;
                }
                HttpClientResponse resp = rar.result();
                ctx.metrics().upstreamLatency(target.name(), System.nanoTime() - started);
                ctx.recordOutcome(target, ep, resp.statusCode() >= 500);
                if (TryFailure.retriable(rule.retries(), resp.statusCode()) && canRetry(false)) {
                    ep.finished();
                    resp.request().reset();
                    retry();
                    return;
                }
                respond(resp, ep);
            });
        });
    }

    private void onFailure(TryFailure failure) {
        if (failure.listedIn(rule.retries()) && canRetry(failure == TryFailure.CONNECT)) {
            retry();
            return;
        }
        fail(failure.error(cluster));
    }

    /**
     * Retry only when safe: nothing reached the upstream yet (connect failure) and the body is still
     * unread, or an idempotent request without a body (which can be sent again as it was).
     */
    private boolean canRetry(boolean nothingSent) {
        RetryPolicy p = rule.retries();
        if (p == null || tried.size() > p.attempts() || System.nanoTime() - deadlineNanos >= 0) {
            return false;
        }
        if (nothingSent) {
            return sendsAgainAsItWas() || !bodyConsumed;
        }
        return sendsAgainAsItWas() && IDEMPOTENT.contains(req.method());
    }

    /** No body, or one that ended empty: an HTTP/2 request's lack of a body is known only once its stream ended. */
    private boolean sendsAgainAsItWas() {
        return bodyless || body != null && body.endedEmpty();
    }

    private void retry() {
        ctx.metrics().retried(ex.hit().rule().id());
        cluster = RetryTarget.next(rule.backends(), ex.upstreams().endpoints(), tried, cluster);
        attempt();
    }

    private void respond(HttpClientResponse resp, EndpointState ep) {
        decided = true;
        streaming = resp;
        headHeld = ResponseRelay.relay(resp, ex, rule.responseHeaders(), (ignored, failure) -> {
            ep.finished();
            if (finished) {
                return; // timed out or abandoned: already answered or reset
            }
            finished = true;
            ctx.deadlines().cancel(this);
            if (failure != null) {
                resp.request().reset();
                HttpServerResponse out = req.response();
                if (headHeld && !out.headWritten() && !out.closed()) {
                    ctx.errors().send(ex, ProxyContext.reset(cluster), entry);
                } else if (!out.ended()) {
                    out.reset();
                }
            }
        });
    }

    private void onBodyTooLarge() {
        fail(new GatewayException(413, "payload_too_large",
                "request body exceeds " + rule.maxBodyBytes() + " bytes", java.util.Map.of("connection", "close")));
        if (current != null) {
            current.reset();
        }
    }

    /** The overall deadline passed, or the current attempt's per-try one. */
    @Override
    protected void expired() {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
            onOverallTimeout();
        } else if (tryDeadlineNanos != 0 && now - tryDeadlineNanos >= 0 && current != null) {
            tryDeadlineNanos = 0;
            timedOut = current;
            ctx.deadlines().arm(this, deadlineNanos);
            current.reset();
        } else {
            ctx.deadlines().arm(this, tryDeadlineNanos != 0 ? tryDeadlineNanos : deadlineNanos);
        }
    }

    private void onOverallTimeout() {
        if (finished) {
            return;
        }
        if (!decided) {
            fail(ProxyContext.timeout(cluster, rule.timeoutMs(), false));
            if (current != null) {
                current.reset();
            }
        } else {
            finished = true;
            streaming.request().reset();
            if (headHeld && !req.response().headWritten()) { // a small body still being collected
                ctx.errors().send(ex, ProxyContext.timeout(cluster, rule.timeoutMs(), true), entry);
            } else {
                req.response().reset();
            }
        }
    }

    /** The client went away: stop work upstream. */
    private void abandon() {
        if (finished) {
            return;
        }
        finished = true;
        decided = true;
        ctx.deadlines().cancel(this);
        if (streaming != null) {
            streaming.request().reset();
        } else if (current != null) {
            current.reset();
        }
    }

    private void fail(GatewayException e) {
        if (decided) {
            return;
        }
        decided = true;
        finished = true;
        ctx.deadlines().cancel(this);
        ctx.errors().send(ex, e, entry);
    }

    private static boolean isBodyless(HttpServerRequest req) {
        String cl = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (req.version() == HttpVersion.HTTP_2) {
            // seldom ended yet: Vert.x reports END_STREAM after the handler, so UpstreamBody frames what it finds
            return req.isEnded() || "0".equals(cl);
        }
        return req.getHeader(HttpHeaders.TRANSFER_ENCODING) == null && (cl == null || "0".equals(cl));
    }
}
