package dev.portico.dataplane;

import dev.portico.dataplane.http.TransportChoice;
import dev.portico.snapshot.Snapshot;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real data plane on a free port with a Vert.x for test backends; close() stops all of it. */
public final class GatewayFixture implements AutoCloseable {
    public final Vertx vertx;
    public final DataPlane dataPlane;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final HttpClient http;

    /** A client response, read whole. */
    public record Response(int statusCode, MultiMap headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    public GatewayFixture() {
        this(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1));
    }

    public GatewayFixture(GatewayOptions options) {
        this(options, TransportChoice.AUTO);
    }

    public GatewayFixture(GatewayOptions options, TransportChoice transport) {
        vertx = DataPlane.newVertx(options.guardLimits(), transport);
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
        try {
            dataPlane = DataPlane.start(vertx, options, 0).await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public TestBackend own(TestBackend backend) {
        owned.add(backend);
        return backend;
    }

    public void apply(Snapshot snapshot) {
        try {
            dataPlane.applier().apply(snapshot).await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return dataPlane.port();
    }

    public HttpClient client() {
        return http;
    }

    public Response get(String path, String... headers) {
        return send(HttpMethod.GET, path, null, headers);
    }

    public Response send(HttpMethod method, String path, Buffer body, String... headers) {
        return exchange(port(), method, path, body, headers);
    }

    /** A GET on the data plane's admin port. */
    public Response admin(String path) {
        return exchange(dataPlane.adminPort(), HttpMethod.GET, path, null);
    }

    private Response exchange(int port, HttpMethod method, String path, Buffer body, String... headers) {
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(path)
                .setMethod(method);
        for (int i = 0; i < headers.length; i += 2) {
            options.putHeader(headers[i], headers[i + 1]);
        }
        try {
            return http.request(options)
                    .compose(req -> (body == null ? req.send() : req.send(body))
                            .compose(res -> res.body().map(b -> new Response(res.statusCode(), res.headers(),
                                    b.toString()))))
                    .await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: the Vert.x close below frees everything anyway
            }
        }
        try {
            dataPlane.shutdown().await(20, TimeUnit.SECONDS);
            vertx.close().await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
