package dev.portico.dataplane.auth;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.ApiKeyAuth;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.JwtAuth;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A real data plane with the auth filter factory registered first (then any extra factories), an
 * echo backend, and builders for routes with auth.
 */
final class AuthGateway implements AutoCloseable {
    final GatewayFixture gw;
    final TestBackend backend;
    final AuthFilterFactory auth;
    private long version;

    AuthGateway(AuthOptions options, RouteFilterFactory... after) {
        AuthFilterFactory[] holder = new AuthFilterFactory[1];
        List<RouteFilterFactory> factories = new ArrayList<>();
        factories.add((route, rule) -> holder[0].create(route, rule)); // built below, before any snapshot
        factories.addAll(List.of(after));
        gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withFilterFactories(factories));
        auth = new AuthFilterFactory(gw.vertx, options);
        auth.publishTo(gw.dataPlane.metrics().registry());
        holder[0] = auth;
        backend = gw.own(TestBackend.echo(gw.vertx, "app"));
    }

    AuthGateway() {
        this(AuthOptions.defaults());
    }

    /** Serves these routes (each a PathPrefix on its own path) with a new snapshot version. */
    void serve(Route... routes) {
        gw.apply(snapshot(++version, List.of(routes), List.of(cluster("app", backend.port()))));
    }

    static Route route(String name, String prefix, Auth auth) {
        return new Route("shop", name, 1, "2026-01-01T00:00:00Z", List.of(), auth,
                List.of(ruleBuilder("r").matches(match(PathMatch.Type.PathPrefix, prefix)).backend("app", 1).build()));
    }

    static Auth jwt(String jwks, JwtAuth.ClaimToHeader... claimsToHeaders) {
        return new Auth(new JwtAuth(Tokens.ISSUER, List.of(Tokens.AUDIENCE), jwks, null, List.of(claimsToHeaders),
                false), null);
    }

    static ApiKeyAuth apiKeys(ApiKeyAuth.In in, String name, String... idAndKey) {
        List<ApiKeyAuth.Client> clients = new ArrayList<>();
        for (int i = 0; i < idAndKey.length; i += 2) {
            clients.add(new ApiKeyAuth.Client(idAndKey[i], sha256(idAndKey[i + 1])));
        }
        return new ApiKeyAuth(in, name, clients);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    GatewayFixture.Response get(String path, String... headers) {
        return gw.get(path, headers);
    }

    /** Sends every header pair as its own header line, so a name may repeat; returns the status. */
    int statusWithRepeatedHeaders(String path, String... headers) {
        return withRepeatedHeaders(path, headers).statusCode();
    }

    /** Sends every header pair as its own header line, so a name may repeat. */
    GatewayFixture.Response withRepeatedHeaders(String path, String... headers) {
        io.vertx.core.http.RequestOptions options = new io.vertx.core.http.RequestOptions().setHost("127.0.0.1")
                .setPort(gw.port()).setURI(path);
        for (int i = 0; i < headers.length; i += 2) {
            options.addHeader(headers[i], headers[i + 1]);
        }
        try {
            // the body is asked for in the same callback that gets the response, before it can end unread
            return gw.client().request(options).compose(req -> req.send().compose(res -> res.body()
                    .map(b -> new GatewayFixture.Response(res.statusCode(), res.headers(), b.toString()))))
                    .await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the echo backend saw: method, uri, headers (lower-case names). */
    static JsonObject upstream(GatewayFixture.Response res) {
        return new JsonObject(res.body());
    }

    @Override
    public void close() {
        auth.close();
        gw.close();
    }
}
