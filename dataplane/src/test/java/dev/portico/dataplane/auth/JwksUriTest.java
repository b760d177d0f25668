package dev.portico.dataplane.auth;

import static dev.portico.dataplane.Scrape.sample;
import static dev.portico.dataplane.auth.AuthGateway.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.dataplane.GatewayFixture;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.JwtAuth;
import dev.portico.snapshot.stream.StreamMessage;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWKS fetched from a URI (a real in-test HTTP server): first fetch, rotation, bounded refresh, outages. */
class JwksUriTest {
    private static RSAKey k1;
    private static RSAKey k2;

    private final AtomicReference<String> jwks = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private AuthGateway gw;
    private HttpServer keyServer;

    @BeforeAll
    static void keys() {
        k1 = Tokens.rsa("k1");
        k2 = Tokens.rsa("k2");
    }

    private List<List<StreamMessage.JwksFailure>> reportTo; // set before start: told the JWKS health

    private String start(AuthOptions options) throws Exception {
        gw = new AuthGateway(options);
        if (reportTo != null) {
            gw.auth.reportJwksHealth(reportTo::add);
        }
        keyServer = gw.gw.vertx.createHttpServer().requestHandler(req -> {
            hits.computeIfAbsent(req.path(), p -> new AtomicInteger()).incrementAndGet();
            req.response().setStatusCode(status.get()).putHeader("content-type", "application/jwk-set+json")
                    .end(status.get() == 200 ? jwks.get() : "unavailable");
        });
        keyServer.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        String uri = "http://127.0.0.1:" + keyServer.actualPort() + "/jwks.json";
        gw.serve(route("api", "/api", new Auth(new JwtAuth(Tokens.ISSUER, List.of(Tokens.AUDIENCE), null, uri,
                List.of(), false), null)));
        return uri;
    }

    @AfterEach
    void stop() throws Exception {
        if (keyServer != null) {
            keyServer.close().await(10, TimeUnit.SECONDS);
        }
        if (gw != null) {
            gw.close();
        }
    }

    private int call(String token) {
        return gw.get("/api/x", "Authorization", "Bearer " + token).statusCode();
    }

    private int fetches() {
        AtomicInteger n = hits.get("/jwks.json");
        return n == null ? 0 : n.get();
    }

    @Test
    void keysAreFetchedWhenTheSnapshotIsAppliedAndCached() throws Exception {
        jwks.set(Tokens.jwks(k1));
        start(AuthOptions.defaults());
        await().atMost(Duration.ofSeconds(5)).until(() -> fetches() == 1);
        for (int i = 0; i < 3; i++) {
            assertThat(call(Tokens.sign(k1, JWSAlgorithm.RS256))).isEqualTo(200);
        }
        assertThat(fetches()).isEqualTo(1);
    }

    @Test
    void aNewKidIsAcceptedAfterARefreshAndARemovedOneRefused() throws Exception {
        jwks.set(Tokens.jwks(k1));
        start(AuthOptions.defaults().withJwksRefresh(Duration.ofMillis(100), Duration.ofMillis(300)));
        String old = Tokens.sign(k1, JWSAlgorithm.RS256);
        String fresh = Tokens.sign(k2, JWSAlgorithm.RS256);
        assertThat(call(old)).isEqualTo(200);

        jwks.set(Tokens.jwks(k1, k2));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> call(fresh) == 200);

        jwks.set(Tokens.jwks(k2));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> call(old) == 401);
        assertThat(call(fresh)).isEqualTo(200);
    }

    @Test
    void unknownKidsRefreshAtMostOncePerInterval() throws Exception {
        jwks.set(Tokens.jwks(k1));
        start(AuthOptions.defaults().withJwksRefresh(Duration.ofHours(1), Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> fetches() == 1);
        for (int i = 0; i < 20; i++) {
            assertThat(call(Tokens.sign(k2, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger-" + i).build(),
                    Tokens.claims().build()))).isEqualTo(401);
        }
        assertThat(fetches()).as("no refetch within the interval").isEqualTo(1);
        assertThat(call(Tokens.sign(k1, JWSAlgorithm.RS256))).isEqualTo(200);
    }

    @Test
    void aFailedRefreshKeepsTheKeysAlreadyKnown() throws Exception {
        jwks.set(Tokens.jwks(k1));
        start(AuthOptions.defaults().withJwksRefresh(Duration.ofMillis(50), Duration.ofMillis(100)));
        String token = Tokens.sign(k1, JWSAlgorithm.RS256);
        assertThat(call(token)).isEqualTo(200);
        status.set(503);
        int before = fetches();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(call(token)).isEqualTo(200);
            return fetches() >= before + 2;
        });
    }

    /**
     * Until a fetch succeeds the 401 says so, not that the keys are unusable; the cause stays in the log, and the
     * metrics show the failed fetches and no keys.
     */
    @Test
    void aJwksThatWasNeverFetchedIsNamedAsSuch() throws Exception {
        jwks.set(Tokens.jwks(k1));
        status.set(503);
        String uri = start(AuthOptions.defaults().withJwksRefresh(Duration.ofMillis(50), Duration.ofMillis(100)));
        String token = Tokens.sign(k1, JWSAlgorithm.RS256);
        await().atMost(Duration.ofSeconds(5)).until(() -> fetches() >= 1);

        GatewayFixture.Response refused = gw.get("/api/x", "Authorization", "Bearer " + token);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(refused.body()).getString("message"))
                .isEqualTo("the route's JWKS could not be fetched from its jwksUri");
        assertThat(refused.header("www-authenticate"))
                .contains("error_description=\"the route's JWKS could not be fetched from its jwksUri\"");

        String label = "{uri=\"" + uri + "\"}";
        String metrics = gw.gw.admin("/metrics").body();
        assertThat(sample(metrics, "portico_jwks_keys" + label)).isZero();
        assertThat(sample(metrics, "portico_jwks_fetch_failures_total" + label)).isGreaterThanOrEqualTo(1.0);

        status.set(200);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> call(token) == 200);
        assertThat(sample(gw.gw.admin("/metrics").body(), "portico_jwks_keys" + label)).isEqualTo(1.0);
    }

    /**
     * What the stream client sends the operator: the failing URI with the keys still held and why, in order of change;
     * tried again by itself, so the outage's end is reported without a request.
     */
    @Test
    void jwksHealthReportsAFailingUriAndItsRecoveryWithoutARequest() throws Exception {
        List<List<StreamMessage.JwksFailure>> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        jwks.set(Tokens.jwks(k1));
        status.set(503);
        reportTo = reports;
        String uri = start(AuthOptions.defaults().withJwksRefresh(Duration.ofMillis(50), Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() >= 2);
        assertThat(reports.get(0)).as("nothing fails before a route names a URI").isEmpty();
        assertThat(reports.get(1)).containsExactly(new StreamMessage.JwksFailure(uri, 0, "answered 503"));

        int before = fetches();
        await().atMost(Duration.ofSeconds(5)).until(() -> fetches() >= before + 2); // retried, reported once
        assertThat(reports).hasSize(2);

        status.set(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() == 3);
        assertThat(reports.get(2)).as("fetched: nothing fails").isEmpty();
        assertThat(call(Tokens.sign(k1, JWSAlgorithm.RS256))).isEqualTo(200);
    }

    @Test
    void keysAreNeverFetchedFromWhereTheTokenPoints() throws Exception {
        jwks.set(Tokens.jwks(k1));
        String uri = start(AuthOptions.defaults());
        RSAKey attacker = k2;
        URI evil = URI.create(uri.replace("/jwks.json", "/evil.json"));
        jwks.set(Tokens.jwks(attacker)); // whatever the server holds now, only the configured path may be asked
        assertThat(call(Tokens.sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k9").jwkURL(evil)
                .build(), Tokens.claims().build()))).isEqualTo(401);
        assertThat(call(Tokens.sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k9").x509CertURL(evil)
                .build(), Tokens.claims().build()))).isEqualTo(401);
        assertThat(hits.get("/evil.json")).isNull();
    }
}
