package dev.portico.dataplane.ratelimit;

import dev.portico.dataplane.DataPlane;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.Snapshots;
import dev.portico.dataplane.TestBackend;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RateLimit;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A real data plane with the rate-limit factory registered (after any factories given, as auth would be),
 * a real fast backend, and one route whose rules the test sets. close() stops all of it.
 */
final class LimitedGateway implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final RateLimitFilterFactory limits;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final DataPlane dataPlane;
    final TestBackend backend;
    private final HttpClient http;
    private final AtomicLong version = new AtomicLong();

    record Response(int status, MultiMap headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    LimitedGateway(RateLimitOptions options, int trustedHops, int instances,
            Function<Vertx, List<RouteFilterFactory>> before) {
        limits = new RateLimitFilterFactory(vertx, options);
        limits.metrics().publishTo(meters);
        List<RouteFilterFactory> factories = new ArrayList<>(before.apply(vertx));
        factories.add(limits);
        backend = TestBackend.start(vertx, "fast", req -> req.response().end("ok"));
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(16));
        try {
            dataPlane = DataPlane.start(vertx, GatewayOptions.defaults().withHost("127.0.0.1").withPort(0)
                    .withInstances(instances).withTrustedHops(trustedHops).withFilterFactories(factories), -1)
                    .await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    LimitedGateway(RateLimitOptions options) {
        this(options, 0, 1, v -> List.of());
    }

    int port() {
        return dataPlane.port();
    }

    /** Serves {@code rules} (see {@link #rule}) on route shop/limited, any host, in a new snapshot. */
    void serve(Auth auth, Rule... rules) {
        Route route = new Route("shop", "limited", 1, "2024-01-01T00:00:00Z", List.of(), auth, List.of(rules));
        try {
            dataPlane.applier().apply(Snapshots.snapshot(version.incrementAndGet(), List.of(route),
                    List.of(Snapshots.cluster("fast", backend.port())))).await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void serve(Rule... rules) {
        serve(null, rules);
    }

    static Rule rule(String name, int index, String prefix, RateLimit... limits) {
        return new Rule(name, index, List.of(RouteMatch.path(PathMatch.prefix(prefix))),
                List.of(new BackendRef("fast", 1)), null, null, null, null, 0, null, null, List.of(limits), 0);
    }

    Response get(String path, String... headers) {
        return send(HttpMethod.GET, path, headers);
    }

    Response send(HttpMethod method, String path, String... headers) {
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port()).setURI(path)
                .setMethod(method);
        for (int i = 0; i < headers.length; i += 2) {
            options.addHeader(headers[i], headers[i + 1]);
        }
        try {
            return http.request(options).compose(req -> req.send().compose(res -> res.body()
                    .map(b -> new Response(res.statusCode(), res.headers(), b.toString()))))
                    .await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many of {@code n} sequential GETs were admitted (200). */
    int admitted(int n, String path, String... headers) {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (get(path, headers).status() == 200) {
                ok++;
            }
        }
        return ok;
    }

    double counter(String name, String... tags) {
        var c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        try {
            dataPlane.shutdown().await(20, TimeUnit.SECONDS);
            limits.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
