import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Aggregation vs a client that calls the same three services one after another, both through one
 * Portico data plane: starts three backends answering after DELAY_MS, then runs each mode as a
 * closed loop of CONCURRENCY virtual clients (warm-up, then DURATION_S measured) and prints one
 * Markdown table row per mode. An "operation" is what a client needs for one dashboard: one
 * aggregate call, or three sequential proxied calls.
 *
 * Run by bench/aggregate/run.sh (java -cp dataplane jar + lib/*: Vert.x and HdrHistogram).
 */
public final class AggregateBench {
    private static final String[] SEQUENTIAL = {"/users/42", "/orders?userId=42", "/products?limit=3"};
    /** Answers with Portico-Partial: true (the optional backend missed its 300 ms) in the current run. */
    private static final AtomicLong PARTIAL = new AtomicLong();
    /** TCP connections the gateway opened to the three backends: pooling keeps this near the pool size. */
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    public static void main(String[] args) {
        try {
            bench();
        } catch (Exception e) { // Vert.x failures carry no stack trace, which the source launcher cannot print
            System.err.println("bench: " + e);
            System.exit(1);
        }
    }

    private static void bench() throws Exception {
        int gatewayPort = Integer.parseInt(env("GATEWAY_PORT", "18120"));
        int[] backendPorts = {Integer.parseInt(env("USER_PORT", "18121")), Integer.parseInt(env("ORDER_PORT", "18122")),
                Integer.parseInt(env("PRODUCT_PORT", "18123"))};
        long delayMs = Long.parseLong(env("DELAY_MS", "20"));
        int concurrency = Integer.parseInt(env("CONCURRENCY", "32"));
        int warmupS = Integer.parseInt(env("WARMUP_S", "3"));
        int durationS = Integer.parseInt(env("DURATION_S", "10"));
        Vertx vertx = Vertx.vertx();
        try {
            String[] names = {"user", "orders", "products"};
            for (int i = 0; i < 3; i++) {
                backend(vertx, names[i], backendPorts[i], delayMs);
            }
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(concurrency));
            // the first calls meet cold JITs and new connections, which the optional backend's 300 ms may not cover
            JsonObject merged = null;
            for (int i = 0; i < 20 && (merged == null || merged.containsKey("_errors")); i++) {
                merged = new JsonObject(get(client, gatewayPort, "/dashboard/42").await(10, TimeUnit.SECONDS));
            }
            if (!merged.fieldNames().equals(java.util.Set.of("user", "orders", "recommended"))) {
                throw new IllegalStateException("the aggregate answered " + merged.encode());
            }
            System.err.println("bench: the aggregate answers " + merged.encode());
            List<String> rows = new ArrayList<>();
            // both modes warm up before either is measured, so JIT work lands in neither's CPU column
            for (String mode : List.of("aggregate", "sequential")) {
                System.err.println("bench: " + mode + ": warm-up " + warmupS + " s");
                run(vertx, client, gatewayPort, mode, concurrency, warmupS);
            }
            for (String mode : List.of("aggregate", "sequential")) {
                System.err.println("bench: " + mode + ": measuring " + durationS + " s");
                rows.add(run(vertx, client, gatewayPort, mode, concurrency, durationS));
            }
            System.out.println("| mode | operations/s | backend requests/s | p50 ms | p90 ms | p99 ms | max ms | operations"
                    + " | errors | partial | data-plane CPU ms/operation |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
            System.out.println();
            System.out.println("Connections the gateway opened to the three backends over the whole run: " + CONNECTIONS.get()
                    + ".");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** A JSON service that answers every GET after {@code delayMs}, like a real one doing a little work. */
    private static void backend(Vertx vertx, String name, int port, long delayMs) throws Exception {
        HttpServer server = vertx.createHttpServer().connectionHandler(c -> CONNECTIONS.incrementAndGet()).requestHandler(req -> vertx.setTimer(delayMs, t -> req.response()
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("service", name).put("uri", req.uri()).put("items", List.of(1, 2, 3))
                        .encode())));
        server.listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    private static String run(Vertx vertx, HttpClient client, int port, String mode, int concurrency, int seconds)
            throws Exception {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong errors = new AtomicLong();
        PARTIAL.set(0);
        double cpuBefore = dataPlaneCpuMs();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Void>> users = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Promise<Void> done = Promise.promise();
            vertx.runOnContext(v -> loop(client, port, mode, end, latency, errors, done));
            users.add(done.future());
        }
        Future.all(users).await(seconds + 60L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMs = dataPlaneCpuMs() - cpuBefore;
        long ops;
        String row;
        synchronized (latency) {
            ops = latency.getTotalCount();
            double opsPerS = ops / elapsed;
            row = String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %.3f |",
                    mode, opsPerS, opsPerS * 3, ms(latency.getValueAtPercentile(50)),
                    ms(latency.getValueAtPercentile(90)), ms(latency.getValueAtPercentile(99)),
                    ms(latency.getMaxValue()), ops, errors.get(), PARTIAL.get(), ops == 0 ? 0 : cpuMs / ops);
        }
        return row;
    }

    /** One virtual client: an operation, its latency recorded, the next one, until the deadline. */
    private static void loop(HttpClient client, int port, String mode, long end, Histogram latency, AtomicLong errors,
            Promise<Void> done) {
        if (System.nanoTime() - end >= 0) {
            done.complete();
            return;
        }
        long t0 = System.nanoTime();
        Future<String> op = mode.equals("aggregate") ? get(client, port, "/dashboard/42")
                : get(client, port, SEQUENTIAL[0]).compose(a -> get(client, port, SEQUENTIAL[1]))
                        .compose(b -> get(client, port, SEQUENTIAL[2]));
        op.onComplete(ar -> {
            if (ar.succeeded()) {
                synchronized (latency) {
                    latency.recordValue(System.nanoTime() - t0);
                }
            } else {
                errors.incrementAndGet();
            }
            loop(client, port, mode, end, latency, errors, done);
        });
    }

    private static Future<String> get(HttpClient client, int port, String uri) {
        return client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(uri)
                .setMethod(HttpMethod.GET)).compose(req -> req.send().compose(res -> res.body().compose(body -> {
                    if ("true".equals(res.getHeader("portico-partial"))) {
                        PARTIAL.incrementAndGet();
                    }
                    return res.statusCode() == 200 ? Future.succeededFuture(body.toString())
                            : Future.failedFuture(uri + " answered " + res.statusCode() + ": " + body);
                })));
    }

    /** User + system CPU time of the data-plane process (DP_PID), from /proc; NaN when unknown. */
    private static double dataPlaneCpuMs() {
        String pid = System.getenv("DP_PID");
        if (pid == null) {
            return Double.NaN;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 1000.0 / Long.parseLong(env("CLK_TCK", "100"));
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
