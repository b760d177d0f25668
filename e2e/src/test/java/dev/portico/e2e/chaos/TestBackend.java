package dev.portico.e2e.chaos;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance of an upstream service, in the test JVM: answers every request with 200, its own
 * name in {@code X-Instance}, and a body of its name, the request target it saw and the headers it
 * got (one {@code name: value} line each, names in lower case). {@link #kill()} closes it with its connections.
 */
final class TestBackend {
    private static final int KEPT_TARGETS = 10_000;

    private final String name;
    private final HttpServer server;
    private final AtomicLong served;
    private final Queue<String> targets;

    private TestBackend(String name, HttpServer server, AtomicLong served, Queue<String> targets) {
        this.name = name;
        this.server = server;
        this.served = served;
        this.targets = targets;
    }

    static TestBackend start(Vertx vertx, String name) {
        AtomicLong served = new AtomicLong();
        Queue<String> targets = new ConcurrentLinkedQueue<>();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (served.incrementAndGet() <= KEPT_TARGETS) {
                targets.add(request.uri());
            }
            StringBuilder body = new StringBuilder(name).append(' ').append(request.uri()).append('\n');
            request.headers().forEach(h -> body.append(h.getKey().toLowerCase(java.util.Locale.ROOT)).append(": ")
                    .append(h.getValue()).append('\n'));
            request.response().putHeader("X-Instance", name).putHeader("Content-Type", "text/plain")
                    .end(body.toString());
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("backend " + name + " did not start", e);
        }
        return new TestBackend(name, server, served, targets);
    }

    String name() {
        return name;
    }

    int port() {
        return server.actualPort();
    }

    long served() {
        return served.get();
    }

    /** Whether a request for this target (path and query) ever arrived here (the first 10,000 are kept). */
    boolean saw(String target) {
        return targets.contains(target);
    }

    /** The instance dies: its listener and every open connection close at once. */
    void kill() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("backend " + name + " did not stop", e);
        }
    }
}
