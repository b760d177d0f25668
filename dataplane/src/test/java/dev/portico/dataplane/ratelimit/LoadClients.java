package dev.portico.dataplane.ratelimit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent clients, each with its own connection, sending one request after the other (optionally at
 * most one per {@code pace}) until the duration is over. Bounded in time; counts answers by status.
 */
final class LoadClients {
    private LoadClients() {
    }

    /** What came back, and when the first and the last request were sent. */
    record Result(Map<Integer, AtomicInteger> statuses, long firstSendNanos, long lastSendNanos, int errors) {
        int count(int status) {
            AtomicInteger n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        double elapsedSeconds() {
            return (lastSendNanos - firstSendNanos) / 1e9;
        }
    }

    /**
     * Opens the connections and warms both sides up on {@code warmPath} for {@code warmup}, then measures on
     * {@code path} over the same connections.
     */
    static Result run(Vertx vertx, List<Integer> ports, int clientsPerPort, Duration warmup, String warmPath,
            Duration duration, Duration pace, String path) throws InterruptedException {
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < ports.size() * clientsPerPort; i++) {
            clients.add(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(1)));
        }
        try {
            phase(vertx, clients, ports, clientsPerPort, warmup, pace, warmPath);
            return phase(vertx, clients, ports, clientsPerPort, duration, pace, path);
        } finally {
            for (HttpClient http : clients) {
                http.close();
            }
        }
    }

    private static Result phase(Vertx vertx, List<HttpClient> clients, List<Integer> ports, int clientsPerPort,
            Duration duration, Duration pace, String path) throws InterruptedException {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(ports.size() * clientsPerPort);
        long deadline = System.nanoTime() + duration.toNanos();
        int client = 0;
        for (int port : ports) {
            for (int c = 0; c < clientsPerPort; c++) {
                HttpClient http = clients.get(client++);
                RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path);
                vertx.runOnContext(v -> new Loop(vertx, http, options, deadline, pace.toNanos(), statuses, first, last,
                        errors, done).next());
            }
        }
        if (!done.await(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("load clients did not finish");
        }
        return new Result(statuses, first.get(), last.get(), errors.get());
    }

    private record Loop(Vertx vertx, HttpClient http, RequestOptions options, long deadline, long paceNanos,
            Map<Integer, AtomicInteger> statuses, AtomicLong first, AtomicLong last, AtomicInteger errors,
            CountDownLatch done) {

        void next() {
            long sent = System.nanoTime();
            if (sent - deadline >= 0) {
                done.countDown();
                return;
            }
            first.accumulateAndGet(sent, Math::min);
            last.accumulateAndGet(sent, Math::max);
            http.request(options).compose(req -> req.send().compose(res -> res.body().map(b -> res.statusCode())))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            statuses.computeIfAbsent(ar.result(), s -> new AtomicInteger()).incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        long wait = paceNanos - (System.nanoTime() - sent);
                        if (wait >= 1_000_000) {
                            vertx.setTimer(wait / 1_000_000, t -> next());
                        } else {
                            next();
                        }
                    });
        }
    }
}
