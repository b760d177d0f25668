package dev.portico.e2e.chaos;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Key rotation through the whole system: a JWK Set and API keys in Secrets, resolved by the operator
 * process, verified by a data-plane process. A key added to a Secret is accepted, a removed one
 * refused, each within a second of the API accepting the change, without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationE2E {
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);
    static final String ISSUER = "https://id.shop.example";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private ChaosBed bed;
    private KeyPair k1;
    private KeyPair k2;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        k1 = gen.generateKeyPair();
        k2 = gen.generateKeyPair();
        bed = ChaosBed.start(dir, 1, List.of());
        bed.service("app", bed.backend("app"));
        jwksSecret(jwk("k1", k1));
        apiKeySecret("alice", "alice-key-1");
        bed.apply("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: secure, namespace: %s}
                spec:
                  auth:
                    jwt:
                      issuer: %s
                      audiences: [shop-api]
                      jwks: {secretRef: {name: shop-jwks, key: jwks.json}}
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /secure}}]
                    backends: [{service: app, port: 80}]
                """.formatted(ChaosBed.NS, ISSUER));
        bed.apply("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: partners, namespace: %s}
                spec:
                  auth:
                    apiKeys: {secretRef: {name: shop-api-keys}}
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /partners}}]
                    backends: [{service: app, port: 80}]
                """.formatted(ChaosBed.NS));
        bed.awaitProgrammed("secure", ChaosBed.STARTUP);
        bed.awaitProgrammed("partners", ChaosBed.STARTUP);
    }

    @AfterAll
    void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void jwksSecretRotationIsServedWithinASecond() throws Exception {
        String old = token("k1", k1);
        String fresh = token("k2", k2);
        await().atMost(Duration.ofSeconds(10)).until(() -> status("/secure/x", "Authorization", "Bearer " + old) == 200);
        assertThat(status("/secure/x", "Authorization", "Bearer " + fresh)).isEqualTo(401);

        jwksSecret(jwk("k1", k1), jwk("k2", k2));
        long added = visibleAfter(System.nanoTime(), "/secure/x", 200, "Authorization", "Bearer " + fresh);
        jwksSecret(jwk("k2", k2));
        long removed = visibleAfter(System.nanoTime(), "/secure/x", 401, "Authorization", "Bearer " + old);
        System.out.printf("JWKS rotation through the operator: key added served after %d ms, removed after %d ms%n",
                added, removed);
        assertThat(added).as("added key accepted (ms)%s", bed.logs()).isBetween(0L, VISIBLE_WITHIN.toMillis());
        assertThat(removed).as("removed key refused (ms)%s", bed.logs()).isBetween(0L, VISIBLE_WITHIN.toMillis());
        assertThat(status("/secure/x", "Authorization", "Bearer " + fresh)).isEqualTo(200);
    }

    @Test
    void apiKeySecretRotationIsServedWithinASecond() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> status("/partners/x", "X-Api-Key", "alice-key-1") == 200);
        assertThat(status("/partners/x", "X-Api-Key", "bob-key-2")).isEqualTo(401);

        apiKeySecret("alice", "alice-key-1", "bob", "bob-key-2");
        long added = visibleAfter(System.nanoTime(), "/partners/x", 200, "X-Api-Key", "bob-key-2");
        apiKeySecret("bob", "bob-key-2");
        long removed = visibleAfter(System.nanoTime(), "/partners/x", 401, "X-Api-Key", "alice-key-1");
        System.out.printf("API-key rotation through the operator: key added served after %d ms, removed after %d ms%n",
                added, removed);
        assertThat(added).as("added key accepted (ms)%s", bed.logs()).isBetween(0L, VISIBLE_WITHIN.toMillis());
        assertThat(removed).as("removed key refused (ms)%s", bed.logs()).isBetween(0L, VISIBLE_WITHIN.toMillis());
    }

    /** Milliseconds from {@code since} until the gateway answers {@code want}; -1 if not within 3 s. */
    private long visibleAfter(long since, String path, int want, String... headers) throws Exception {
        long deadline = since + VISIBLE_WITHIN.multipliedBy(3).toNanos();
        while (status(path, headers) != want) {
            if (System.nanoTime() - deadline > 0) {
                return -1;
            }
            LockSupport.parkNanos(2_000_000);
        }
        return Math.round((System.nanoTime() - since) / 1e6);
    }

    private int status(String path, String... headers) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(bed.gatewayUrls().get(0) + path))
                .timeout(Duration.ofSeconds(2)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void jwksSecret(String... jwks) {
        secret("shop-jwks", "jwks.json", "{\"keys\":[" + String.join(",", jwks) + "]}");
    }

    /** Each data key of the Secret is a client id, its value that client's key. */
    private void apiKeySecret(String... idAndKey) {
        secret("shop-api-keys", idAndKey);
    }

    /** A whole Secret (replace, not merge: removed keys must go), data base64 as the API stores it. */
    private void secret(String name, String... keyAndValue) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < keyAndValue.length; i += 2) {
            data.append("  ").append(keyAndValue[i]).append(": ").append(Base64.getEncoder()
                    .encodeToString(keyAndValue[i + 1].getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        bed.kube().resource("""
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: %s}
                data:
                %s""".formatted(name, ChaosBed.NS, data)).createOr(r -> r.update());
    }

    private static String jwk(String kid, KeyPair pair) {
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"n\":\"" + unsigned(pub.getModulus())
                + "\",\"e\":\"" + unsigned(pub.getPublicExponent()) + "\"}";
    }

    private static String unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return B64URL.encodeToString(b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b);
    }

    /** An RS256 JWT signed with the JDK: iss, aud, sub, exp in an hour. */
    private static String token(String kid, KeyPair pair) throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 3600;
        String header = B64URL.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String payload = B64URL.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"aud\":\"shop-api\",\"sub\":\"u1\","
                + "\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(pair.getPrivate());
        rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + B64URL.encodeToString(rs256.sign());
    }
}
