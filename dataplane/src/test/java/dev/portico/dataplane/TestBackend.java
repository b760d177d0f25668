package dev.portico.dataplane;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A small real upstream on 127.0.0.1 and a free port; counts the requests it gets. */
public final class TestBackend implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger hits;
    private final String name;

    private TestBackend(HttpServer server, AtomicInteger hits, String name) {
        this.server = server;
        this.hits = hits;
        this.name = name;
    }

    public static TestBackend start(Vertx vertx, String name, Handler<HttpServerRequest> handler) {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            hits.incrementAndGet();
            handler.handle(req);
        }).webSocketHandler(ws -> {
            hits.incrementAndGet();
            ws.textMessageHandler(m -> ws.writeTextMessage(name + ":" + m));
        });
        try {
            server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new TestBackend(server, hits, name);
    }

    /** Answers 200 with JSON: its name, the method, URI and headers it received, and the body size. */
    public static TestBackend echo(Vertx vertx, String name) {
        return start(vertx, name, req -> req.body().onSuccess(body -> {
            JsonObject headers = new JsonObject();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            req.response().putHeader("content-type", "application/json").putHeader("x-backend", name)
                    .end(new JsonObject().put("backend", name).put("method", req.method().name())
                            .put("uri", req.uri()).put("headers", headers).put("bodyLength", body.length()).encode());
        }));
    }

    public static TestBackend status(Vertx vertx, String name, int status) {
        return start(vertx, name, req -> req.response().setStatusCode(status).putHeader("x-backend", name).end(name));
    }

    public int port() {
        return server.actualPort();
    }

    public int hits() {
        return hits.get();
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            server.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
