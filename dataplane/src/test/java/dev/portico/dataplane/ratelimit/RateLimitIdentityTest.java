package dev.portico.dataplane.ratelimit;

import static dev.portico.dataplane.ratelimit.LimitedGateway.rule;
import static dev.portico.dataplane.ratelimit.Limits.key;
import static dev.portico.dataplane.ratelimit.Limits.local;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portico.dataplane.auth.AuthFilterFactory;
import dev.portico.snapshot.ApiKeyAuth;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.JwtAuth;
import dev.portico.snapshot.RateLimit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who a request is, as limits see it: behind one trusted proxy (--trusted-hops 1), and after the real auth
 * filter (registered before rate limiting) has verified an API key or a JWT.
 */
class RateLimitIdentityTest {
    private static final String ISSUER = "https://id.shop.example";
    private static LimitedGateway gw;
    private static ECKey signingKey;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        gw = new LimitedGateway(RateLimitOptions.defaults(), 1, 1, vertx -> List.of(new AuthFilterFactory(vertx)));
        JwtAuth jwt = new JwtAuth(ISSUER, List.of(), new JWKSet(signingKey.toPublicJWK()).toString(), null,
                List.of(), false);
        ApiKeyAuth keys = new ApiKeyAuth(ApiKeyAuth.In.Header, "X-Api-Key", List.of(
                new ApiKeyAuth.Client("alice", sha256("alice-secret")), new ApiKeyAuth.Client("bob", sha256("bob-secret"))));
        gw.serve(new Auth(jwt, keys),
                rule("ip", 0, "/ip", local("per-ip", 3, 60_000, 0, key(RateLimit.Key.Type.ClientIP))),
                rule("key", 1, "/key", local("per-client", 2, 60_000, 0, key(RateLimit.Key.Type.APIKey))),
                rule("claim", 2, "/claim", local("per-subject", 2, 60_000, 0,
                        new RateLimit.Key(RateLimit.Key.Type.JWTClaim, "sub"))));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void behindOneTrustedProxyOnlyTheRightmostForwardedForEntryCounts() {
        String key = "X-Api-Key";
        int ok = 0;
        for (int i = 0; i < 10; i++) { // the client forges the left part; the proxy appends what it saw
            if (gw.get("/ip", key, "alice-secret", "X-Forwarded-For", "10.9.8." + i + ", 203.0.113.7").status() == 200) {
                ok++;
            }
        }
        assertThat(ok).isEqualTo(3);
        assertThat(gw.get("/ip", key, "alice-secret", "X-Forwarded-For", "203.0.113.8").status())
                .as("another client behind the proxy has its own bucket").isEqualTo(200);
    }

    @Test
    void apiKeyLimitsCountPerClientId() {
        assertThat(gw.admitted(4, "/key", "X-Api-Key", "alice-secret")).isEqualTo(2);
        assertThat(gw.admitted(4, "/key", "X-Api-Key", "bob-secret")).isEqualTo(2);
    }

    @Test
    void jwtClaimLimitsCountPerClaimValue() throws Exception {
        assertThat(gw.admitted(4, "/claim", "Authorization", "Bearer " + token("user-1"))).isEqualTo(2);
        assertThat(gw.admitted(4, "/claim", "Authorization", "Bearer " + token("user-2"))).isEqualTo(2);
        assertThat(gw.admitted(1, "/claim", "Authorization", "Bearer " + token("user-1")))
                .as("a fresh token of the same subject shares its bucket").isZero();
        assertThat(gw.admitted(3, "/claim", "X-Api-Key", "alice-secret"))
                .as("an API-key request has no claim: the empty key, still limited").isEqualTo(2);
    }

    private static String token(String subject) throws JOSEException {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).jwtID(Long.toString(System.nanoTime()))
                        .issueTime(new Date(now)).expirationTime(new Date(now + 600_000)).build());
        jwt.sign(new ECDSASigner(signingKey));
        return jwt.serialize();
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
