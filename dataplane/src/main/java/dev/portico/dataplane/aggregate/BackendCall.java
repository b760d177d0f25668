package dev.portico.dataplane.aggregate;

import dev.portico.dataplane.aggregate.CallResult.Outcome;
import dev.portico.dataplane.proxy.UpstreamRequestErrors;
import dev.portico.dataplane.upstream.Balancer;
import dev.portico.dataplane.upstream.ClusterState;
import dev.portico.dataplane.upstream.EndpointState;
import dev.portico.dataplane.upstream.Upstreams;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One backend's GET within a fan-out, over the proxy's machinery: the rule's balancer over the
 * endpoints outlier detection has not ejected, the event loop's pooled client, each try reported
 * back to outlier detection. A connect failure moves on to one other endpoint; nothing else is
 * retried. The body is read whole up to the cap. Runs on the request's event loop only.
 */
final class BackendCall {
    private final Upstreams up;
    private final AggregatePlan plan;
    private final AggregatePlan.Backend backend;
    private final String uri;
    private final MultiMap headers;
    private final HostAndPort authority;
    private final String hashKey;
    private final Promise<CallResult> promise = Promise.promise();
    private final List<EndpointState> tried = new ArrayList<>(2);
    private final long startNanos = System.nanoTime();
    private ClusterState cluster;
    private EndpointState endpoint;
    private boolean endpointBusy;
    private boolean reported;
    private HttpClientRequest current;
    private long timer = -1;
    private boolean finished;

    BackendCall(Upstreams up, AggregatePlan plan, AggregatePlan.Backend backend, String uri, MultiMap headers,
            HostAndPort authority, String hashKey) {
        this.up = up;
        this.plan = plan;
        this.backend = backend;
        this.uri = uri;
        this.headers = headers;
        this.authority = authority;
        this.hashKey = hashKey;
    }

    Future<CallResult> start() {
        cluster = up.endpoints().cluster(backend.cluster());
        if (cluster == null) {
            finish(Outcome.BACKEND_NOT_FOUND, 0, "service " + backend.cluster() + " does not exist");
        } else if (!cluster.cluster().serviceExists()) {
            finish(Outcome.BACKEND_NOT_FOUND, 0, cluster.cluster().notFoundMessage());
        } else if (cluster.endpoints().isEmpty()) {
            finish(Outcome.NO_HEALTHY_UPSTREAM, 0, "service " + cluster.name() + " has no ready endpoints");
        } else {
            timer = up.vertx().setTimer(backend.timeoutMs(), id -> onTimeout());
            attempt();
        }
        return promise.future();
    }

    /** Stops the call without a verdict of its own (the fan-out already failed or the client left). */
    void cancel() {
        if (!finished) {
            finish(Outcome.CANCELLED, 0, "cancelled");
            resetCurrent();
        }
    }

    private void attempt() {
        long now = System.nanoTime();
        endpoint = Balancer.pick(plan.lb(), cluster, cluster.available(now, tried), hashKey);
        tried.add(endpoint);
        endpoint.started();
        endpointBusy = true;
        reported = false;
        long remainingMs = Math.max(1, backend.timeoutMs() - (now - startNanos) / 1_000_000L);
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(endpoint.port(), endpoint.address()))
                .setMethod(HttpMethod.GET).setURI(uri).setHeaders(headers).setConnectTimeout(remainingMs);
        EndpointState ep = endpoint;
        long sent = now;
        up.client().request(options).onComplete(ar -> {
            if (finished) {
                if (ar.succeeded()) {
                    ar.result().reset();
                }
                return;
            }
            if (ar.failed()) {
                report(ep, true);
                release();
                if (canTryAnother()) {
                    attempt();
                } else {
                    finish(Outcome.CONNECT_FAILURE, 0, "could not connect to " + where());
                }
                return;
            }
            current = ar.result();
            current.exceptionHandler(UpstreamRequestErrors::report); // answered through send()'s future below
            if (authority != null) {
                current.authority(authority);
            }
            current.send().onComplete(rar -> {
                if (finished) {
                    return;
                }
                if (rar.failed()) {
                    report(ep, true);
                    finish(Outcome.RESET, 0, "connection reset by " + where());
                    return;
                }
                HttpClientResponse resp = rar.result();
                up.metrics().upstreamLatency(cluster.name(), System.nanoTime() - sent);
                report(ep, resp.statusCode() >= 500);
                read(resp, ep);
            });
        });
    }

    private void read(HttpClientResponse resp, EndpointState ep) {
        String declared = resp.getHeader("content-length");
        if (declared != null && tooLarge(declared)) {
            finish(Outcome.BODY_TOO_LARGE, resp.statusCode(), where() + " declared a body of " + declared.trim()
                    + " bytes, above the " + plan.maxBodyBytes() + "-byte limit");
            resetCurrent();
            return;
        }
        Buffer body = Buffer.buffer();
        resp.handler(chunk -> {
            if (finished) {
                return;
            }
            if (body.length() + (long) chunk.length() > plan.maxBodyBytes()) {
                finish(Outcome.BODY_TOO_LARGE, resp.statusCode(), where() + " sent a body above the "
                        + plan.maxBodyBytes() + "-byte limit");
                resetCurrent();
                return;
            }
            body.appendBuffer(chunk);
        });
        resp.exceptionHandler(e -> {
            if (!finished) {
                finish(Outcome.RESET, resp.statusCode(), "connection reset by " + where() + " during the body");
            }
        });
        resp.endHandler(v -> {
            if (finished) {
                return;
            }
            int status = resp.statusCode();
            if (status < 200 || status > 299) {
                finish(Outcome.BAD_STATUS, status, where() + " answered " + status);
            } else {
                finishOk(JsonMember.of(body, resp.getHeader("content-type")), status);
            }
        });
    }

    private boolean tooLarge(String declared) {
        try {
            return Long.parseLong(declared.trim()) > plan.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself; the running count still applies
        }
    }

    private void onTimeout() {
        timer = -1;
        if (finished) {
            return;
        }
        if (endpointBusy && !reported) {
            report(endpoint, true);
        }
        finish(Outcome.TIMEOUT, 0, "no answer from " + (endpoint == null ? cluster.name() : where())
                + " within " + backend.timeoutMs() + " ms");
        resetCurrent(); // after the verdict, so the reset it causes is not reported as the backend's
    }

    /** Only a failure to connect is safe and cheap to try elsewhere: nothing reached the backend. */
    private boolean canTryAnother() {
        if (tried.size() >= 2 || (System.nanoTime() - startNanos) / 1_000_000L >= backend.timeoutMs()) {
            return false;
        }
        return !tried.containsAll(cluster.available(System.nanoTime(), tried));
    }

    private void report(EndpointState ep, boolean failure) {
        if (reported) {
            return;
        }
        reported = true;
        if (up.outliers().record(cluster, ep, failure)) {
            up.metrics().ejected(cluster.name());
        }
    }

    private void release() {
        if (endpointBusy) {
            endpointBusy = false;
            endpoint.finished();
        }
    }

    /** Call after {@link #finish}: the reset fails the request's callbacks, which then see the call finished. */
    private void resetCurrent() {
        if (current != null) {
            current.reset();
        }
    }

    private String where() {
        return "an endpoint of service " + cluster.name(); // never its address: the answer goes to the client
    }

    private void finishOk(Buffer json, int status) {
        if (!finished) {
            complete(CallResult.ok(json, status));
        }
    }

    private void finish(Outcome outcome, int status, String message) {
        if (!finished) {
            complete(CallResult.failed(outcome, status, message));
        }
    }

    private void complete(CallResult result) {
        finished = true;
        if (timer >= 0) {
            up.vertx().cancelTimer(timer);
        }
        release();
        long nanos = System.nanoTime() - startNanos;
        plan.metrics().record(up.metrics(), backend.name(), result.outcome(), nanos);
        promise.complete(result);
    }
}
