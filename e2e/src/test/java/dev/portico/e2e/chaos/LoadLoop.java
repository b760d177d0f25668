package dev.portico.e2e.chaos;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load at a fixed rate: GETs spread round-robin over a list of gateways that the test may
 * shrink while it runs (as a client-side balancer would). Counts every answer and every failure.
 * Bounded: it stops by itself after {@code maxRequests}.
 */
final class LoadLoop {
    /** One request that did not end in a 2xx, with when (ms since the start) and what happened. */
    record Failure(long atMs, String target, String what) {
    }

    /** What the clients saw. */
    record Report(long sent, long ok, long non2xx, long errors, Map<Integer, Long> statuses, List<Failure> failures,
            long elapsedMs) {
        long failed() {
            return non2xx + errors;
        }

        double failedRatio() {
            return sent == 0 ? 0 : (double) failed() / sent;
        }

        @Override
        public String toString() {
            return "sent " + sent + " in " + elapsedMs + " ms, ok " + ok + ", non-2xx " + non2xx + ", errors " + errors
                    + ", statuses " + statuses + (failures.isEmpty() ? "" : ", first failures " + failures);
        }
    }

    private static final int KEPT_FAILURES = 20;

    private final Vertx vertx;
    private final HttpClient client;
    private final List<String> targets;
    private final String path;
    private final int ratePerSecond;
    private final long maxRequests;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong non2xx = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private long started;
    private long timer = -1;
    private long roundRobin;

    private LoadLoop(Vertx vertx, List<String> targets, String path, int ratePerSecond, long maxRequests) {
        this.vertx = vertx;
        this.targets = new CopyOnWriteArrayList<>(targets);
        this.path = path;
        this.ratePerSecond = ratePerSecond;
        this.maxRequests = maxRequests;
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2_000))
                .with(new PoolOptions().setHttp1MaxSize(16)).build();
    }

    /**
     * @param targets       gateway base URLs, e.g. {@code http://127.0.0.1:8080}
     * @param path          the path every request asks for
     * @param ratePerSecond requests per second, over all targets together
     * @param maxRequests   it stops sending after this many, whatever happens
     */
    static LoadLoop start(Vertx vertx, List<String> targets, String path, int ratePerSecond, long maxRequests) {
        LoadLoop loop = new LoadLoop(vertx, targets, path, ratePerSecond, maxRequests);
        loop.started = System.nanoTime();
        loop.timer = vertx.setPeriodic(5, id -> loop.tick());
        return loop;
    }

    /** Stops sending to this gateway (the client saw it leave: {@code /readyz} failed). */
    void drop(String target) {
        targets.remove(target);
    }

    /** Starts sending to this gateway too (a replacement became ready). */
    void add(String target) {
        targets.add(target);
    }

    long sent() {
        return sent.get();
    }

    /** Requests that are done (answered or failed). */
    long done() {
        return done.get();
    }

    long failedSoFar() {
        return non2xx.get() + errors.get();
    }

    private void tick() {
        long elapsedNanos = System.nanoTime() - started;
        long due = Math.min(maxRequests, elapsedNanos * ratePerSecond / 1_000_000_000L);
        while (sent.get() < due) {
            List<String> now = List.copyOf(targets);
            if (now.isEmpty()) {
                return;
            }
            String target = now.get((int) (roundRobin++ % now.size()));
            sent.incrementAndGet();
            send(target);
        }
        if (sent.get() >= maxRequests) {
            vertx.cancelTimer(timer);
        }
    }

    private void send(String target) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(target + path)
                .setIdleTimeout(5_000);
        client.request(options)
                .compose(request -> request.send().compose(response -> response.body().map(body -> response.statusCode())))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        int status = ar.result();
                        synchronized (statuses) {
                            statuses.merge(status, 1L, Long::sum);
                        }
                        if (status >= 200 && status < 300) {
                            ok.incrementAndGet();
                        } else {
                            non2xx.incrementAndGet();
                            remember(target, "status " + status);
                        }
                    } else {
                        errors.incrementAndGet();
                        remember(target, ar.cause().toString());
                    }
                    done.incrementAndGet();
                });
    }

    private void remember(String target, String what) {
        long at = (System.nanoTime() - started) / 1_000_000;
        synchronized (failures) {
            if (failures.size() < KEPT_FAILURES) {
                failures.add(new Failure(at, target, what));
            }
        }
    }

    /** Stops sending, waits for the requests in flight, closes the client and reports. */
    Report stop(Duration drain) {
        vertx.cancelTimer(timer);
        long deadline = System.nanoTime() + drain.toNanos();
        while (done.get() < sent.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        long unanswered = sent.get() - done.get();
        try {
            client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the report below is what matters; a slow close changes nothing in it
        }
        synchronized (statuses) {
            synchronized (failures) {
                return new Report(sent.get(), ok.get(), non2xx.get(), errors.get() + unanswered,
                        java.util.Collections.unmodifiableMap(new TreeMap<>(statuses)), List.copyOf(failures), elapsed);
            }
        }
    }
}
