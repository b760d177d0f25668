package dev.portico.operator.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.function.BooleanSupplier;

/**
 * The operator's metrics port: {@code /healthz} (the process is alive), {@code /readyz} (this replica leads
 * and its snapshot stream is serving) and {@code /metrics} (Prometheus text).
 */
public final class OpsServer {
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private HttpServer server;

    public OpsServer(Vertx vertx, PrometheusMeterRegistry registry, BooleanSupplier ready) {
        this.vertx = vertx;
        this.registry = registry;
        this.ready = ready;
    }

    public Future<Integer> start(String host, int port) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
        server.requestHandler(req -> {
            switch (req.path()) {
                case "/healthz" -> req.response().putHeader("content-type", "text/plain").end("ok\n");
                case "/readyz" -> {
                    boolean ok = ready.getAsBoolean();
                    req.response().setStatusCode(ok ? 200 : 503).putHeader("content-type", "text/plain")
                            .end(ok ? "ready\n" : "not ready: not the leader, or the first snapshot is not published\n");
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
