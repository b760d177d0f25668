// Data-plane memory with 5,000 routes: RSS of a real data-plane process (started with the JVM flags under
// test) fed by the operator's real stream server, through route churn and proxied traffic.
// Run: bench/dataplane-memory/run.sh   (see bench/results/dataplane-memory.md)

import dev.portico.operator.stream.BearerToken;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.stream.SnapshotStreamServer;
import dev.portico.operator.stream.StreamMetrics;
import dev.portico.operator.stream.StreamServerOptions;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class MemoryBench {
    static final int ROUTES = Integer.getInteger("routes", 5_000);
    static final int CHANGES = Integer.getInteger("changes", 200);
    static final int REQUESTS = Integer.getInteger("requests", 200_000);
    static final String GATEWAY = "default";

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        List<String> dataPlaneFlags = args.length == 0 || args[0].isBlank() ? List.of() : Arrays.asList(args[0].trim().split("\\s+"));
        String classPath = args.length > 1 ? args[1] : System.getProperty("dataplane.classpath");
        Vertx vertx = Vertx.vertx();
        Process dataPlane = null;
        try {
            HttpServer backend = vertx.createHttpServer().requestHandler(r -> r.response().end("{\"ok\":true}"))
                    .listen(0, "127.0.0.1").await();
            SnapshotPublisher publisher = new SnapshotPublisher(Clock.systemUTC(), SnapshotPublisher.DEFAULT_RETAINED);
            SnapshotStreamServer stream = new SnapshotStreamServer(vertx, publisher,
                    StreamServerOptions.of("127.0.0.1", 0, new BearerToken("bench-token")), StreamMetrics.discarding(),
                    Clock.systemUTC());
            int streamPort = stream.start().await();
            List<Route> routes = new ArrayList<>();
            for (int i = 0; i < ROUTES; i++) {
                routes.add(route(i, 1));
            }
            Cluster cluster = new Cluster("bench/backend:80", "bench", "backend", 80, true,
                    List.of(new Endpoint("127.0.0.1", backend.actualPort())));
            publisher.publishWorld(List.of(new Snapshot(GATEWAY, 0, routes, List.of(cluster))));

            Path token = Files.createTempFile("portico-bench", ".token");
            Files.writeString(token, "bench-token\n");
            int port = freePort();
            int admin = freePortBut(port);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(dataPlaneFlags);
            command.addAll(List.of("-cp", classPath, "dev.portico.dataplane.DataPlaneMain",
                    "--control-plane", "http://127.0.0.1:" + streamPort, "--token-file", token.toString(),
                    "--gateway", GATEWAY, "--node", "bench-dp", "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--admin-port", String.valueOf(admin)));
            String extra = System.getProperty("dataplane.args", "").trim(); // e.g. -Ddataplane.args="--warmup-connections 0"
            if (!extra.isEmpty()) {
                command.addAll(Arrays.asList(extra.split("\\s+")));
            }
            dataPlane = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of("operator", "target", "memory-bench-dataplane.log").toFile()).start();
            long pid = dataPlane.pid();
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(16));
            io.vertx.core.Context context = vertx.getOrCreateContext();
            awaitStatus(client, admin, "/readyz", 200, Duration.ofMinutes(2));
            awaitServing(stream, publisher);
            System.out.printf("routes=%d changes=%d requests=%d dataplane flags: %s%n", ROUTES, CHANGES, REQUESTS,
                    dataPlaneFlags.isEmpty() ? "(JVM defaults)" : String.join(" ", dataPlaneFlags));
            System.out.printf("RSS after the %d-route snapshot is applied: %d MB%n", ROUTES, rssMb(pid, "VmRSS"));

            long peakDuring = 0;
            AtomicLong failed = new AtomicLong();
            int perChange = REQUESTS / CHANGES;
            for (int c = 1; c <= CHANGES; c++) {
                int changed = c % ROUTES;
                routes.set(changed, route(changed, c + 1));
                publisher.publishWorld(List.of(new Snapshot(GATEWAY, 0, routes, List.of(cluster))));
                try {
                    traffic(context, client, port, perChange, c, failed);
                } catch (IllegalStateException stalled) {
                    System.out.println(stalled.getMessage() + "; the data plane's metrics then:");
                    String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + admin + "/metrics")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    metrics.lines().filter(l -> l.startsWith("portico_active") || l.startsWith("portico_requests_total")
                            || l.startsWith("portico_upstream")).limit(20).forEach(System.out::println);
                    throw stalled;
                }
                awaitServing(stream, publisher);
                if (c % 20 == 0) {
                    peakDuring = Math.max(peakDuring, rssMb(pid, "VmRSS"));
                }
            }
            System.out.printf("RSS after %d one-route changes and %d proxied requests (%d failed): %d MB%n", CHANGES,
                    perChange * CHANGES, failed.get(), rssMb(pid, "VmRSS"));
            System.out.printf("highest RSS sampled during churn and traffic: %d MB; peak RSS (VmHWM): %d MB%n",
                    peakDuring, rssMb(pid, "VmHWM"));
        } finally {
            if (dataPlane != null) {
                dataPlane.destroy();
                dataPlane.waitFor(10, TimeUnit.SECONDS);
                dataPlane.destroyForcibly();
            }
        }
    }

    static Route route(int i, long generation) {
        return new Route("bench", "bg-" + i, generation, "2026-01-01T00:00:00Z", List.of(), null, List.of(
                new Rule("main", 0, List.of(RouteMatch.path(PathMatch.prefix("/bg-" + i))),
                        List.of(new BackendRef("bench/backend:80", 1)), null, null, null, null, 0, null, null, null, 0)));
    }

    /** Sends {@code count} GETs, 16 at a time, to routes the current snapshot serves. */
    static void traffic(io.vertx.core.Context context, HttpClient client, int port, int count, int salt,
            AtomicLong failed) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong sent = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        java.util.Map<String, String> open = new java.util.concurrent.ConcurrentHashMap<>();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            long n = sent.getAndIncrement();
            if (n >= count) {
                return;
            }
            int route = (int) ((n * 7919 + salt) % ROUTES);
            String path = "/bg-" + route + "/items/" + n;
            open.put(path, "asking for a connection");
            client.request(new RequestOptions().setMethod(HttpMethod.GET).setPort(port).setHost("127.0.0.1")
                            .setURI(path).setConnectTimeout(10_000).setIdleTimeout(10_000)).compose(r -> {
                                open.put(path, "sending on " + r.connection().localAddress());
                                return r.send();
                            })
                    .compose(r -> {
                        open.put(path, "status " + r.statusCode() + ", reading the body");
                        return r.body().map(b -> r.statusCode());
                    })
                    .onComplete(ar -> {
                        open.remove(path);
                        if (ar.failed() || ar.result() != 200) {
                            if (failed.incrementAndGet() <= 3) {
                                System.out.println("request " + path + " failed: "
                                        + (ar.failed() ? ar.cause() : "status " + ar.result()));
                            }
                        }
                        if (finished.incrementAndGet() == count) {
                            done.complete(null);
                        } else {
                            next[0].run();
                        }
                    });
        };
        // started on an event loop: a request sent from a plain thread may see its response end before its
        // body handler is set (first requests of a batch then hung with status 200 and no body)
        context.runOnContext(v -> {
            for (int k = 0; k < Math.min(16, count); k++) {
                next[0].run();
            }
        });
        try {
            done.get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("traffic after change " + salt + " stalled: " + sent.get() + " sent, "
                    + finished.get() + " answered of " + count + "; unanswered: " + open, e);
        }
    }

    static void awaitServing(SnapshotStreamServer stream, SnapshotPublisher publisher) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            var latest = publisher.latest(GATEWAY);
            if (stream.nodes(GATEWAY).stream().anyMatch(n -> n.servingVersion() == latest.version())) {
                return;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("the data plane did not ACK the latest snapshot within 2 minutes");
    }

    static void awaitStatus(HttpClient client, int port, String path, int status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                int got = client.request(HttpMethod.GET, port, "127.0.0.1", path).compose(r -> r.send())
                        .map(r -> r.statusCode()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                if (got == status) {
                    return;
                }
            } catch (Exception notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(path + " did not answer " + status + " within " + within);
    }

    static long rssMb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException(field + " not found for process " + pid);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A free port other than {@code taken}: a just-closed port can come back at once. */
    static int freePortBut(int taken) throws IOException {
        int port = freePort();
        while (port == taken) {
            port = freePort();
        }
        return port;
    }
}
