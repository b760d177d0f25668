package dev.portico.dataplane.aggregate;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.dataplane.auth.AuthFilterFactory;
import dev.portico.snapshot.Aggregate;
import dev.portico.snapshot.ApiKeyAuth;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Aggregation behind the real auth filter, as DataPlaneMain chains them: identity flows, keys do not. */
class AggregateAuthTest {
    private static final String KEY = "alice-secret-key-0001";
    private static Vertx authVertx;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        authVertx = Vertx.vertx(); // the auth filter's own timers and JWKS client, as in DataPlaneMain
        gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withFilterFactories(List.of(new AuthFilterFactory(authVertx), new AggregateFilterFactory())));
        TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(KEY.getBytes(StandardCharsets.UTF_8)));
        Auth auth = new Auth(null, new ApiKeyAuth(ApiKeyAuth.In.Query, "api_key",
                List.of(new ApiKeyAuth.Client("alice", hash))));
        gw.apply(snapshot(1, List.of(new Route("shop", "dash", 1, "2024-01-01T00:00:00Z", List.of(), auth, List.of(
                ruleBuilder("dash").index(0).matches(match(PathMatch.Type.Template, "/dash/{id}"))
                        .aggregate(new Aggregate(3_000, List.of(
                                new Aggregate.Backend("user", "echo", "/users/{id}?page={page}", true, 0)))).build(),
                ruleBuilder("leak").index(1).matches(match(PathMatch.Type.Exact, "/leak"))
                        .aggregate(new Aggregate(3_000, List.of(
                                new Aggregate.Backend("user", "echo", "/users?key={api_key}", true, 0)))).build()))),
                List.of(cluster("echo", echo.port()))));
    }

    @AfterAll
    static void stop() {
        gw.close();
        authVertx.close().await();
    }

    @Test
    void backendsSeeTheClientIdAuthSetAndNeverTheKey() {
        GatewayFixture.Response r = gw.get("/dash/7?api_key=" + KEY + "&page=2", "Portico-Client-Id", "admin");
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(200);
        JsonObject user = new JsonObject(r.body()).getJsonObject("user");
        assertThat(user.getString("uri")).isEqualTo("/users/7?page=2");
        assertThat(user.getJsonObject("headers").getString("portico-client-id")).isEqualTo("alice");
    }

    @Test
    void aQueryKeyIsNotAValueABackendPathCanAskFor() {
        GatewayFixture.Response r = gw.get("/leak?api_key=" + KEY);
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(400);
        assertThat(r.body()).contains("{api_key}").doesNotContain(KEY);
    }

    @Test
    void unauthenticatedCallsNeverFanOut() {
        assertThat(gw.get("/dash/7?page=1").statusCode()).isEqualTo(401);
    }
}
