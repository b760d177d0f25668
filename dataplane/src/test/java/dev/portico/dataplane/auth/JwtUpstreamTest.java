package dev.portico.dataplane.auth;

import static dev.portico.dataplane.auth.AuthGateway.route;
import static dev.portico.dataplane.auth.AuthGateway.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.JwtAuth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the upstream and later filters get from a verified token; caching; key rotation by snapshot swap. */
class JwtUpstreamTest {
    private static final JwtAuth.ClaimToHeader SUB = new JwtAuth.ClaimToHeader("sub", "X-User-Id");
    private static final JwtAuth.ClaimToHeader ROLES = new JwtAuth.ClaimToHeader("roles", "X-Roles");
    private static final JwtAuth.ClaimToHeader TENANT = new JwtAuth.ClaimToHeader("tenant", "X-Tenant");

    /** Stands in for rate limiting: copies what auth left in the exchange attributes to upstream headers. */
    private static final RouteFilterFactory ATTRIBUTE_READER = (route, rule) -> (RouteFilter) ex -> {
        String sub = AuthAttributes.claim(ex, "sub");
        if (sub != null) {
            ex.upstreamHeaders().set("X-Seen-Sub", sub);
        }
        return Future.succeededFuture();
    };

    private static AuthGateway gw;
    private static RSAKey k1;
    private static RSAKey k2;

    @BeforeAll
    static void start() {
        k1 = Tokens.rsa("k1");
        k2 = Tokens.rsa("k2");
        gw = new AuthGateway(AuthOptions.defaults(), ATTRIBUTE_READER);
        serveKeys(Tokens.jwks(k1));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static void serveKeys(String jwks) {
        Auth forwarding = new Auth(new JwtAuth(Tokens.ISSUER, List.of(), jwks, null, List.of(SUB), true), null);
        gw.serve(route("api", "/api", AuthGateway.jwt(jwks, SUB, ROLES, TENANT)),
                route("fwd", "/fwd", forwarding));
    }

    private static GatewayFixture.Response call(String path, String token, String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
        System.arraycopy(more, 0, headers, 2, more.length);
        return gw.get(path, headers);
    }

    @Test
    void claimsBecomeUpstreamHeadersAndClientCopiesNeverPass() {
        String token = Tokens.sign(k1, JWSAlgorithm.RS256,
                Tokens.claims().subject("alice").claim("roles", List.of("admin", "ops")).build());
        GatewayFixture.Response res = call("/api/me", token, "X-User-Id", "mallory", "X-Tenant", "evil",
                "Portico-Client-Id", "forged");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonObject headers = upstream(res).getJsonObject("headers");
        assertThat(headers.getString("x-user-id")).isEqualTo("alice");
        assertThat(headers.getString("x-roles")).isEqualTo("admin,ops");
        assertThat(headers.containsKey("x-tenant")).as("claim absent: header absent, client copy gone").isFalse();
        assertThat(headers.containsKey("portico-client-id")).isFalse();
    }

    @Test
    void authorizationIsRemovedUnlessForwardTokenIsSet() {
        String token = Tokens.sign(k1, JWSAlgorithm.RS256);
        assertThat(upstream(call("/api/x", token)).getJsonObject("headers").containsKey("authorization")).isFalse();
        assertThat(upstream(call("/fwd/x", token)).getJsonObject("headers").getString("authorization"))
                .isEqualTo("Bearer " + token);
    }

    @Test
    void laterFiltersReadTheVerifiedClaims() {
        String token = Tokens.sign(k1, JWSAlgorithm.RS256, Tokens.claims().subject("bob").build());
        assertThat(upstream(call("/api/x", token)).getJsonObject("headers").getString("x-seen-sub")).isEqualTo("bob");
        assertThat(upstream(gw.get("/api/x", "X-Seen-Sub", "forged")).getJsonObject("headers"))
                .as("refused before later filters run").isNull();
    }

    @Test
    void aRepeatedTokenIsVerifiedOnceThenServedFromTheCache() {
        String token = Tokens.sign(k1, JWSAlgorithm.RS256, Tokens.claims().subject("cache-me").build());
        long before = gw.auth.signatureChecks();
        for (int i = 0; i < 5; i++) {
            assertThat(call("/api/x", token).statusCode()).isEqualTo(200);
        }
        assertThat(gw.auth.signatureChecks() - before).isEqualTo(1);
        assertThat(upstream(call("/api/x", token)).getJsonObject("headers").getString("x-user-id"))
                .as("a cache hit sets the same headers").isEqualTo("cache-me");
    }

    @Test
    void keyRotationBySnapshotSwapAcceptsTheNewKeyAndDropsTheRemovedOne() {
        String old = Tokens.sign(k1, JWSAlgorithm.RS256, Tokens.claims().subject("old").build());
        String fresh = Tokens.sign(k2, JWSAlgorithm.RS256, Tokens.claims().subject("new").build());
        assertThat(call("/api/x", old).statusCode()).isEqualTo(200); // now cached
        assertThat(call("/api/x", fresh).statusCode()).isEqualTo(401);
        try {
            serveKeys(Tokens.jwks(k1, k2));
            assertThat(call("/api/x", fresh).statusCode()).as("added key accepted at once").isEqualTo(200);
            serveKeys(Tokens.jwks(k2));
            assertThat(call("/api/x", old).statusCode()).as("removed key refused, cache or not").isEqualTo(401);
            assertThat(call("/api/x", fresh).statusCode()).isEqualTo(200);
        } finally {
            serveKeys(Tokens.jwks(k1));
        }
    }

    @Test
    void anEmptyOrBrokenKeySetRefusesEveryToken() {
        String token = Tokens.sign(k1, JWSAlgorithm.RS256);
        try {
            serveKeys("{\"keys\":[]}");
            assertThat(call("/api/x", token).statusCode()).isEqualTo(401);
            serveKeys("this is not a JWK Set");
            assertThat(call("/api/x", token).statusCode()).isEqualTo(401);
        } finally {
            serveKeys(Tokens.jwks(k1));
        }
        assertThat(call("/api/x", token).statusCode()).isEqualTo(200);
    }

    @Test
    void aRouteWithoutIssuerIsRejectedAndTheServedSnapshotStays() {
        Auth broken = new Auth(new JwtAuth("", List.of(), Tokens.jwks(k1), null, List.of(), false), null);
        assertThatThrownBy(() -> gw.serve(route("broken", "/broken", broken)))
                .hasMessageContaining("route shop/broken").hasMessageContaining("auth.jwt.issuer");
        assertThat(call("/api/x", Tokens.sign(k1, JWSAlgorithm.RS256)).statusCode()).isEqualTo(200);
    }

    @Test
    void aCachedTokenIsDroppedWhenItExpires() {
        try (AuthGateway strict = new AuthGateway(AuthOptions.defaults().withClockSkew(Duration.ZERO))) {
            strict.serve(route("api", "/api", AuthGateway.jwt(Tokens.jwks(k1))));
            String token = Tokens.sign(k1, JWSAlgorithm.RS256,
                    Tokens.claims().expirationTime(new Date(System.currentTimeMillis() + 2_000)).build());
            assertThat(strict.get("/api/x", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(
                    () -> strict.get("/api/x", "Authorization", "Bearer " + token).statusCode() == 401);
        }
    }
}
