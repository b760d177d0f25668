package dev.portico.dataplane.admin;

import dev.portico.dataplane.SnapshotApplier;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.codec.SnapshotJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.BooleanSupplier;

/** The admin port: /healthz, /readyz, /metrics (Prometheus text), /config (applied snapshot, redacted). */
public final class AdminServer {
    private final Vertx vertx;
    private final SnapshotApplier applier;
    private final GatewayMetrics metrics;
    private final BooleanSupplier shuttingDown;
    private final BooleanSupplier warmingUp;
    private HttpServer server;

    public AdminServer(Vertx vertx, SnapshotApplier applier, GatewayMetrics metrics, BooleanSupplier shuttingDown,
            BooleanSupplier warmingUp) {
        this.vertx = vertx;
        this.applier = applier;
        this.metrics = metrics;
        this.shuttingDown = shuttingDown;
        this.warmingUp = warmingUp;
    }

    public Future<Integer> listen(String host, int port) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        var resp = req.response();
        switch (req.path()) {
            case "/healthz" -> resp.putHeader("content-type", "text/plain").end("ok\n");
            case "/readyz" -> {
                if (shuttingDown.getAsBoolean()) {
                    resp.setStatusCode(503).putHeader("content-type", "text/plain").end("shutting down\n");
                } else if (!applier.hasSnapshot()) {
                    resp.setStatusCode(503).putHeader("content-type", "text/plain").end("no snapshot applied yet\n");
                } else if (warmingUp.getAsBoolean()) {
                    resp.setStatusCode(503).putHeader("content-type", "text/plain")
                            .end("warming up: start-up connection rehearsal\n");
                } else {
                    resp.putHeader("content-type", "text/plain")
                            .end("ready: snapshot " + applier.current().version() + "\n");
                }
            }
            case "/metrics" -> vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
                if (ar.succeeded()) {
                    resp.putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
                } else {
                    resp.setStatusCode(500).end();
                }
            });
            case "/config" -> {
                Snapshot current = applier.current();
                if (current == null) {
                    resp.setStatusCode(404).putHeader("content-type", "application/json")
                            .end("{\"error\":\"no_snapshot\",\"message\":\"no snapshot applied yet\"}");
                } else {
                    resp.putHeader("content-type", "application/json")
                            .end(SnapshotJson.toPrettyJson(RedactedSnapshot.of(current)));
                }
            }
            default -> resp.setStatusCode(404).putHeader("content-type", "application/json")
                    .end("{\"error\":\"not_found\",\"message\":\"admin paths: /healthz /readyz /metrics /config\"}");
        }
    }
}
