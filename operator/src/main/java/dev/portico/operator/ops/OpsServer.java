package dev.portico.operator.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.function.Supplier;

/**
 * The operator's metrics port: {@code /healthz} (the process is alive), {@code /readyz} (this replica leads
 * and its snapshot stream is serving; else why not, in one line) and {@code /metrics} (Prometheus text).
 */
public final class OpsServer {
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final Supplier<String> unready;
    private HttpServer server;

    /** @param unready why this replica is not ready, or null when it is */
    public OpsServer(Vertx vertx, PrometheusMeterRegistry registry, Supplier<String> unready) {
        this.vertx = vertx;
        this.registry = registry;
        this.unready = unready;
    }

    public Future<Integer> start(String host, int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
        server.requestHandler(req -> {
            switch (req.path()) {
                case "/healthz" -> req.response().putHeader("content-type", "text/plain").end("ok\n");
                case "/readyz" -> {
                    String why = unready.get();
                    req.response().setStatusCode(why == null ? 200 : 503).putHeader("content-type", "text/plain")
                            .end(why == null ? "ready\n" : "not ready: " + why + "\n");
                }
                case "/metrics" -> vertx.executeBlocking(registry::scrape, false).onComplete(r -> {
                    if (r.succeeded()) {
                        req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(r.result());
                    } else {
                        req.response().setStatusCode(500).end();
                    }
                });
                default -> req.response().setStatusCode(404).putHeader("content-type", "application/json")
                        .end("{\"error\":\"not_found\",\"message\":\"try /healthz, /readyz or /metrics\"}");
            }
        });
        return server.listen().map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
