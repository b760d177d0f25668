package dev.portico.dataplane.cors;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.dataplane.auth.AuthFilterFactory;
import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.dataplane.ratelimit.RateLimitFilterFactory;
import dev.portico.dataplane.ratelimit.RateLimitOptions;
import dev.portico.snapshot.ApiKeyAuth;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cors;
import dev.portico.snapshot.JwtAuth;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RateLimit;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS on a real data plane (CORS, auth and rate limit factories as DataPlaneMain registers them) in front of a
 * real backend: preflights answered by the gateway, routed by the method they announce, before auth and rate
 * limits; CORS headers on upstream answers and on the gateway's own errors, on both forward paths.
 */
class CorsTest {
    private static final String APP = "https://app.shop.example";
    private static final String API_KEY = "alice-secret-key-0001";
    private static final String PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    /** Per request that reached the filters after CORS: "forward" on the HTTP/1 forward path, "vertx" on Vert.x. */
    private static final Queue<String> paths = new ConcurrentLinkedQueue<>();
    private static final RouteFilterFactory PATH_PROBE = (route, rule) -> new RouteFilter() {
        @Override
        public boolean readsHeadOnly() {
            return true;
        }

        @Override
        public Future<Void> apply(dev.portico.dataplane.filter.Exchange ex) {
            paths.add(ex.request() == null ? "forward" : "vertx");
            return Future.succeededFuture();
        }
    };

    private static GatewayFixture gw;
    private static TestBackend backend;
    private static AuthFilterFactory auth;
    private static RateLimitFilterFactory rateLimits;
    private static Snapshot serving;

    @BeforeAll
    static void start() throws Exception {
        List<RouteFilterFactory> holder = new ArrayList<>(); // auth and rate limits need the fixture's Vert.x
        gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withFilterFactories(List.of(new CorsFilterFactory(), (route, rule) -> holder.get(0).create(route, rule),
                        (route, rule) -> holder.get(1).create(route, rule), PATH_PROBE)));
        auth = new AuthFilterFactory(gw.vertx);
        rateLimits = new RateLimitFilterFactory(gw.vertx, RateLimitOptions.defaults());
        holder.add(auth);
        holder.add(rateLimits);
        // echoes what it got; Vary of its own, and its own CORS headers when asked
        backend = gw.own(TestBackend.start(gw.vertx, "app", req -> {
            JsonObject headers = new JsonObject();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            req.response().putHeader("content-type", "application/json").putHeader("vary", "Accept-Encoding");
            if (req.getHeader("x-upstream-cors") != null) {
                req.response().putHeader("access-control-allow-origin", "https://upstream.example")
                        .putHeader("access-control-expose-headers", "x-upstream-only");
            }
            req.response().end(new JsonObject().put("method", req.method().name()).put("uri", req.uri())
                    .put("headers", headers).encode());
        }));
        String jwks = new JWKSet(new OctetSequenceKeyGenerator(256).keyID("k").generate()).toString(false);
        Cors api = new Cors(List.of(APP, "https://*.preview.shop.example", "http://localhost:3000"),
                List.of("GET", "POST", "DELETE"), List.of("Content-Type", "Authorization", "X-Trace"),
                List.of("RateLimit-Remaining", "x-backend"), 600, true);
        Cors appOnly = new Cors(List.of(APP), List.of(), List.of(), List.of(), 0, false);
        Cors anyone = new Cors(List.of("*"), List.of(), List.of("*"), List.of(), 0, false);
        Auth jwtOrKey = new Auth(new JwtAuth("https://id.shop.example", List.of("shop"), jwks, null, List.of(), false),
                new ApiKeyAuth(ApiKeyAuth.In.Header, "X-Api-Key",
                        List.of(new ApiKeyAuth.Client("alice", sha256(API_KEY)))));
        RateLimit onePerMinute = new RateLimit("shop/one", "route", RateLimit.Scope.Local, null, 1, 60_000, 0,
                new RateLimit.Key(RateLimit.Key.Type.Route, null), null);
        serving = snapshot(1, List.of(
                route("api", api, null, prefix("/api", "app")),
                route("orders", appOnly, null, ruleBuilder("post")
                        .matches(match(PathMatch.Type.Exact, "/orders", "POST", List.of(), List.of()))
                        .backend("app", 1).build()),
                route("secure", api, jwtOrKey, prefix("/secure", "app")),
                route("public", anyone, null, prefix("/public", "app")),
                route("plain", null, null, prefix("/plain", "app")),
                route("down", api, null, prefix("/down", "nowhere")),
                route("limited", appOnly, null, new Rule("r", 0, List.of(match(PathMatch.Type.PathPrefix, "/limited")),
                        List.of(new BackendRef("app", 1)), null, null, null, null, 0, null, null,
                        List.of(onePerMinute), 0))),
                List.of(cluster("app", backend.port()), cluster("nowhere")));
        gw.apply(serving);
    }

    @AfterAll
    static void stop() throws Exception {
        auth.close();
        rateLimits.close().await(5, TimeUnit.SECONDS);
        gw.close();
    }

    @Test
    void anAllowedPreflightIsAnsweredByTheGatewayWithExactlyTheCorsHeaders() {
        int hits = backend.hits();
        GatewayFixture.Response res = preflight("/api/items", APP, "DELETE", "Content-Type, x-trace");

        assertThat(res.statusCode()).isEqualTo(204);
        assertThat(res.body()).isEmpty();
        assertThat(res.header("content-length")).as("none on a 204").isNull();
        assertThat(corsHeaders(res)).containsExactlyInAnyOrder(
                "access-control-allow-origin: " + APP,
                "access-control-allow-methods: GET, POST, DELETE",
                "access-control-allow-headers: Content-Type, Authorization, X-Trace",
                "access-control-max-age: 600",
                "access-control-allow-credentials: true");
        assertThat(res.headers().getAll("vary")).containsExactly(PREFLIGHT_VARY);
        assertThat(res.header("x-request-id")).isNotBlank();
        assertThat(backend.hits()).as("the upstream never sees a preflight").isEqualTo(hits);
    }

    @Test
    void aPreflightIsRoutedByTheMethodItAnnounces() {
        int hits = backend.hits();
        GatewayFixture.Response post = preflight("/orders", APP, "POST", null);
        assertThat(post.statusCode()).as("the rule matches POST only, and takes the preflight of a POST")
                .isEqualTo(204);
        assertThat(post.header("access-control-allow-origin")).isEqualTo(APP);
        assertThat(post.header("access-control-allow-methods")).isEqualTo("GET, HEAD, POST");
        assertThat(post.header("access-control-allow-headers")).as("none configured").isNull();
        assertThat(post.header("access-control-allow-credentials")).isNull();
        assertThat(post.header("access-control-max-age")).isNull();

        // no rule matches a DELETE there: the OPTIONS is routed as it is, and no rule matches an OPTIONS either
        GatewayFixture.Response delete = preflight("/orders", APP, "DELETE", null);
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(delete.body()).getString("error")).isEqualTo("route_not_found");
        assertThat(delete.header("access-control-allow-origin")).isNull();
        assertThat(gw.send(HttpMethod.OPTIONS, "/orders", null).statusCode()).as("a plain OPTIONS, as before")
                .isEqualTo(404);
        assertThat(backend.hits()).isEqualTo(hits);
    }

    @Test
    void aPreflightIsAnsweredBeforeAuthenticationAndTheActualRequestsRefusalCarriesCorsHeaders() {
        int hits = backend.hits();
        GatewayFixture.Response pre = preflight("/secure/me", APP, "GET", "authorization");
        assertThat(pre.statusCode()).as("no credentials on a preflight, and none needed").isEqualTo(204);
        assertThat(pre.header("access-control-allow-origin")).isEqualTo(APP);
        assertThat(backend.hits()).isEqualTo(hits);

        for (String connection : List.of("keep-alive", "close")) { // the forward path, then Vert.x's
            GatewayFixture.Response refused = gw.get("/secure/me", "origin", APP, "connection", connection);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("unauthorized");
            assertThat(refused.header("www-authenticate")).contains("Bearer").contains("ApiKey");
            assertActualCors(refused, APP);
        }
        GatewayFixture.Response admitted = gw.get("/secure/me", "origin", APP, "x-api-key", API_KEY);
        assertThat(admitted.statusCode()).isEqualTo(200);
        assertActualCors(admitted, APP);
    }

    @Test
    void aRefusedPreflightIs403NamingWhatWasRefusedAndTheRoute() {
        int hits = backend.hits();
        assertRefused(preflight("/api/x", "https://evil.example", "GET", null),
                "does not allow the origin \"https://evil.example\"");
        assertRefused(preflight("/api/x", APP, "PUT", null), "does not allow the method PUT");
        assertRefused(preflight("/api/x", APP, "POST", "content-type, x-secret"), "does not allow the header x-secret");
        assertThat(preflight("/api/x", APP, "POST", "CONTENT-TYPE,Authorization").statusCode())
                .as("header names compare without case").isEqualTo(204);
        assertThat(backend.hits()).isEqualTo(hits);
    }

    @Test
    void anAllowedOriginGetsTheUpstreamsAnswerWithTheGatewaysCorsHeadersOnBothPaths() {
        for (String connection : List.of("keep-alive", "close")) {
            paths.clear();
            GatewayFixture.Response res = gw.get("/api/items", "origin", APP, "x-upstream-cors", "yes",
                    "connection", connection);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(res.body()).getString("uri")).isEqualTo("/api/items");
            assertActualCors(res, APP);
            assertThat(res.headers().getAll("access-control-expose-headers")).as("the upstream's replaced")
                    .containsExactly("RateLimit-Remaining, x-backend");
            assertThat(res.headers().getAll("vary")).as("the upstream's kept, Origin added")
                    .containsExactly("Accept-Encoding", "Origin");
            assertThat(paths).containsExactly(connection.equals("close") ? "vertx" : "forward");
        }
    }

    @Test
    void anOriginNotAllowedIsServedWithoutCorsHeadersAndNoOriginIsLeftAlone() {
        for (String connection : List.of("keep-alive", "close")) {
            GatewayFixture.Response res = gw.get("/api/items", "origin", "https://evil.example", "x-upstream-cors",
                    "yes", "connection", connection);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(res.body()).getString("method")).isEqualTo("GET");
            assertThat(corsHeaders(res)).as("not even the upstream's: the browser refuses the answer").isEmpty();
            assertThat(res.headers().getAll("vary")).as("so that no cache hands it to an allowed origin")
                    .containsExactly("Accept-Encoding", "Origin");
        }
        GatewayFixture.Response noOrigin = gw.get("/api/items", "x-upstream-cors", "yes");
        assertThat(corsHeaders(noOrigin)).containsExactlyInAnyOrder(
                "access-control-allow-origin: https://upstream.example",
                "access-control-expose-headers: x-upstream-only");
        assertThat(noOrigin.headers().getAll("vary")).containsExactly("Accept-Encoding", "Origin");
    }

    @Test
    void wildcardOriginsMatchOneOrMoreLabelsOfTheSameSchemeButNeverTheBareSuffix() {
        for (String origin : List.of("https://pr-42.preview.shop.example", "https://a.b.preview.shop.example",
                "HTTPS://PR-7.Preview.Shop.Example", "http://localhost:3000")) {
            GatewayFixture.Response res = preflight("/api/x", origin, "GET", null);
            assertThat(res.statusCode()).as(origin).isEqualTo(204);
            assertThat(res.header("access-control-allow-origin")).as("echoed as sent").isEqualTo(origin);
            assertThat(gw.get("/api/x", "origin", origin).header("access-control-allow-origin")).isEqualTo(origin);
        }
        for (String origin : List.of("https://preview.shop.example", "http://pr-42.preview.shop.example",
                "https://evilpreview.shop.example", "https://.preview.shop.example", "https://a..preview.shop.example",
                "https://pr-42.preview.shop.example:8443", "http://localhost:3001", "http://localhost", "null")) {
            assertThat(preflight("/api/x", origin, "GET", null).statusCode()).as(origin).isEqualTo(403);
            assertThat(gw.get("/api/x", "origin", origin).header("access-control-allow-origin")).as(origin).isNull();
        }
    }

    @Test
    void anyOriginWithoutCredentialsIsAnsweredWithAStarAndRequestedHeadersEchoed() {
        GatewayFixture.Response pre = preflight("/public/x", "https://someone.example", "POST", "X-Anything, x-other");
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(corsHeaders(pre)).containsExactlyInAnyOrder(
                "access-control-allow-origin: *",
                "access-control-allow-methods: GET, HEAD, POST",
                "access-control-allow-headers: x-anything, x-other");
        GatewayFixture.Response res = gw.get("/public/x", "origin", "https://someone.example");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(corsHeaders(res)).containsExactly("access-control-allow-origin: *");
        assertThat(res.headers().getAll("vary")).containsExactly("Accept-Encoding", "Origin");
    }

    @Test
    void anOptionsOnARouteWithoutCorsGoesUpstreamAsBefore() {
        int hits = backend.hits();
        GatewayFixture.Response res = preflight("/plain/x", APP, "POST", "content-type");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonObject seen = new JsonObject(res.body());
        assertThat(seen.getString("method")).isEqualTo("OPTIONS");
        assertThat(seen.getJsonObject("headers").getString("access-control-request-method")).isEqualTo("POST");
        assertThat(res.header("access-control-allow-origin")).isNull();
        assertThat(backend.hits()).isEqualTo(hits + 1);
    }

    @Test
    void theGatewaysOwnErrorsCarryCorsHeadersAndPreflightsAreNotRateLimited() {
        for (String connection : List.of("keep-alive", "close")) {
            GatewayFixture.Response down = gw.get("/down", "origin", APP, "connection", connection);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(down.body()).getString("error")).isEqualTo("no_healthy_upstream");
            assertActualCors(down, APP);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(preflight("/limited", APP, "GET", null).statusCode()).isEqualTo(204);
        }
        assertThat(gw.get("/limited", "origin", APP).statusCode()).as("the one request a minute").isEqualTo(200);
        GatewayFixture.Response limited = gw.get("/limited", "origin", APP);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.header("access-control-allow-origin")).isEqualTo(APP);
        assertThat(limited.headers().getAll("vary")).containsExactly("Origin");
    }

    @Test
    void aSnapshotWithAnyOriginAndCredentialsIsRefusedNamingTheFieldAndThePreviousOneServes() {
        Cors bad = new Cors(List.of(APP, "*"), List.of(), List.of(), List.of(), 0, true);
        List<Route> routes = new ArrayList<>(serving.routes());
        routes.add(route("bad", bad, null, prefix("/bad", "app")));
        Snapshot next = snapshot(2, routes, serving.clusters());

        assertThatThrownBy(() -> gw.dataPlane.applier().apply(next).await(10, TimeUnit.SECONDS))
                .hasMessageContaining("route shop/bad")
                .hasMessageContaining("cors.allowOrigins[0]: * cannot go with allowCredentials: true");
        assertThat(gw.dataPlane.applier().current().version()).isEqualTo(1);
        assertThat(preflight("/api/x", APP, "GET", null).statusCode()).isEqualTo(204);
    }

    private static GatewayFixture.Response preflight(String path, String origin, String method, String headers) {
        List<String> h = new ArrayList<>(List.of("origin", origin, "access-control-request-method", method));
        if (headers != null) {
            h.addAll(List.of("access-control-request-headers", headers));
        }
        return gw.send(HttpMethod.OPTIONS, path, null, h.toArray(String[]::new));
    }

    private static void assertRefused(GatewayFixture.Response res, String what) {
        assertThat(res.statusCode()).isEqualTo(403);
        JsonObject body = new JsonObject(res.body());
        assertThat(body.getString("error")).isEqualTo("cors_rejected");
        assertThat(body.getString("message")).contains(what).contains("route shop/api");
        assertThat(body.getString("requestId")).isEqualTo(res.header("x-request-id")).isNotBlank();
        assertThat(corsHeaders(res)).isEmpty();
    }

    /** What an actual request from an allowed origin gets on route shop/api's policy (credentials, exposed headers). */
    private static void assertActualCors(GatewayFixture.Response res, String origin) {
        assertThat(res.headers().getAll("access-control-allow-origin")).containsExactly(origin);
        assertThat(res.headers().getAll("access-control-allow-credentials")).containsExactly("true");
        assertThat(res.header("access-control-expose-headers")).isEqualTo("RateLimit-Remaining, x-backend");
        assertThat(res.headers().getAll("vary")).contains("Origin");
        assertThat(res.header("access-control-allow-methods")).as("preflights only").isNull();
    }

    /** Every Access-Control-* header as "lower-case-name: value". */
    private static List<String> corsHeaders(GatewayFixture.Response res) {
        List<String> out = new ArrayList<>();
        res.headers().forEach(h -> {
            if (h.getKey().toLowerCase().startsWith("access-control-")) {
                out.add(h.getKey().toLowerCase() + ": " + h.getValue());
            }
        });
        return out;
    }

    private static Route route(String name, Cors cors, Auth auth, Rule rule) {
        return new Route("shop", name, 1, "2026-01-01T00:00:00Z", List.of(), auth, cors, List.of(rule));
    }

    private static Rule prefix(String path, String cluster) {
        return ruleBuilder("r").matches(match(PathMatch.Type.PathPrefix, path)).backend(cluster, 1).build();
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
