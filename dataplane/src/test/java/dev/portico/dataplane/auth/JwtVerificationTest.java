package dev.portico.dataplane.auth;

import static dev.portico.dataplane.auth.AuthGateway.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portico.dataplane.GatewayFixture;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every JWT row of hardening.md, and a valid token per supported algorithm, through a real gateway. Each refusal says
 * which check failed, in the 401's message and the challenge's error_description, bounded whatever the token holds.
 */
class JwtVerificationTest {
    private static final String NAMES_ITS_KEY =
            "the bearer token's header names its own key (jku, x5u, jwk or x5c); keys come only from the route's JWKS";
    private static AuthGateway gw;
    private static RSAKey rsa;
    private static RSAKey rsaPss;
    private static ECKey p256;
    private static ECKey p384;
    private static OctetSequenceKey hmac;
    private static RSAKey stranger;
    private static String okpKid = "ed1";
    private static KeyPair ed25519;

    @BeforeAll
    static void start() throws Exception {
        rsa = Tokens.rsa("r1");
        rsaPss = new RSAKey.Builder(Tokens.rsa("p1")).algorithm(JWSAlgorithm.PS256).build();
        p256 = Tokens.ec(Curve.P_256, "e1");
        p384 = Tokens.ec(Curve.P_384, "e2");
        hmac = Tokens.hmac("h1");
        stranger = Tokens.rsa("r1"); // same kid as a configured key, different key
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] x509 = ed25519.getPublic().getEncoded();
        String okp = new JsonObject().put("kty", "OKP").put("crv", "Ed25519").put("kid", okpKid)
                .put("x", Base64URL.encode(Arrays.copyOfRange(x509, x509.length - 32, x509.length)).toString())
                .encode();
        String jwks = Tokens.jwks(rsa, rsaPss, p256, p384, hmac);
        jwks = jwks.substring(0, jwks.length() - 2) + "," + okp + "]}";
        gw = new AuthGateway();
        gw.serve(route("api", "/api", AuthGateway.jwt(jwks)), route("broken", "/broken", AuthGateway.jwt("{}")));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static GatewayFixture.Response call(String token) {
        return gw.get("/api/orders", "Authorization", "Bearer " + token);
    }

    /** A 401 whose message is {@code why}, which the challenge repeats (RFC 6750 allows no double quote there). */
    private static void assertRefused(String token, String why) {
        GatewayFixture.Response res = call(token);
        assertThat(res.statusCode()).isEqualTo(401);
        JsonObject body = new JsonObject(res.body());
        assertThat(body.getString("error")).isEqualTo("unauthorized");
        assertThat(body.getString("message")).isEqualTo(why);
        assertThat(res.header("www-authenticate"))
                .isEqualTo("Bearer error=\"invalid_token\", error_description=\"" + why.replace('"', '\'') + "\"");
        assertThat(body.getString("requestId")).isEqualTo(res.header("x-request-id"));
        assertThat(body.getString("message")).doesNotContain(token);
    }

    private static String at(Date time) {
        return Instant.ofEpochSecond(time.getTime() / 1000).toString(); // a JWT's dates are whole seconds
    }

    @Test
    void validTokenOfEverySupportedAlgorithmGetsThrough() {
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512)) {
            assertThat(call(Tokens.sign(rsa, alg)).statusCode()).as(alg.getName()).isEqualTo(200);
        }
        assertThat(call(Tokens.sign(rsaPss, JWSAlgorithm.PS256)).statusCode()).isEqualTo(200);
        assertThat(call(Tokens.sign(p256, JWSAlgorithm.ES256)).statusCode()).isEqualTo(200);
        assertThat(call(Tokens.sign(p384, JWSAlgorithm.ES384)).statusCode()).isEqualTo(200);
        assertThat(call(Tokens.sign(hmac, JWSAlgorithm.HS256)).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeysOwnAlgNarrowsWhatItVerifies() {
        assertRefused(Tokens.sign(rsaPss, JWSAlgorithm.RS256), // p1 declares PS256
                "the bearer token's algorithm RS256 is not allowed for the key with kid \"p1\"");
        // e1 is a P-256 key: an ES384 token naming it is refused whoever signed it
        assertRefused(Tokens.sign(p384, new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("e1").build(),
                Tokens.claims().build()),
                "the bearer token's algorithm ES384 is not allowed for the key with kid \"e1\"");
    }

    @Test
    void algNoneIsRefused() {
        String refused = "the bearer token's algorithm none is not allowed";
        assertRefused(Tokens.unsigned("{\"alg\":\"none\",\"kid\":\"r1\"}", Tokens.claims().build()), refused);
        assertRefused(Tokens.unsigned("{\"alg\":\"none\"}", Tokens.claims().build()), refused);
        assertRefused(Tokens.unsigned("{\"alg\":\"NONE\"}", Tokens.claims().build()),
                "the bearer token's algorithm NONE is not allowed");
    }

    @Test
    void hmacSignedWithTheRsaPublicKeyIsRefused() throws Exception {
        byte[] der = rsa.toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(der, pem.getBytes(StandardCharsets.US_ASCII),
                rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("r1").build(),
                    Tokens.claims().build());
            jwt.sign(new MACSigner(secret));
            assertRefused(jwt.serialize(),
                    "the bearer token's algorithm HS256 is not allowed for the key with kid \"r1\"");
        }
    }

    @Test
    void expiredTokenIsRefusedBeyondTheClockSkew() {
        Date exp = new Date(System.currentTimeMillis() - 31_000);
        assertRefused(Tokens.sign(rsa, JWSAlgorithm.RS256, Tokens.claims().expirationTime(exp).build()),
                "the bearer token expired at " + at(exp));
        assertThat(call(Tokens.sign(rsa, JWSAlgorithm.RS256,
                Tokens.claims().expirationTime(new Date(exp.getTime() + 26_000)).build())).statusCode())
                .as("within the 30 s skew").isEqualTo(200);
    }

    @Test
    void tokenWithoutExpIsRefused() {
        assertRefused(Tokens.sign(rsa, JWSAlgorithm.RS256,
                new JWTClaimsSet.Builder().issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("u").build()),
                "the bearer token has no exp claim");
    }

    @Test
    void notYetValidTokenIsRefusedBeyondTheClockSkew() {
        long now = System.currentTimeMillis();
        Date nbf = new Date(now + 120_000);
        assertRefused(Tokens.sign(rsa, JWSAlgorithm.RS256, Tokens.claims().notBeforeTime(nbf).build()),
                "the bearer token is not valid yet (nbf " + at(nbf) + ")");
        assertThat(call(Tokens.sign(rsa, JWSAlgorithm.RS256,
                Tokens.claims().notBeforeTime(new Date(now + 5_000)).build())).statusCode()).isEqualTo(200);
    }

    @Test
    void issuerMustMatchExactly() {
        for (String iss : List.of("https://evil.example", Tokens.ISSUER + "/", "HTTPS://ID.SHOP.EXAMPLE")) {
            assertRefused(Tokens.sign(rsa, JWSAlgorithm.RS256, Tokens.claims().issuer(iss).build()),
                    "the bearer token's issuer \"" + iss + "\" is not \"" + Tokens.ISSUER + "\"");
        }
        assertRefused(Tokens.sign(rsa, JWSAlgorithm.RS256, Tokens.claims().issuer(null).build()),
                "the bearer token has no iss claim");
    }

    @Test
    void audienceMustContainAConfiguredOne() {
        assertRefused(Tokens.sign(rsa, JWSAlgorithm.RS256, Tokens.claims().audience("other-api").build()),
                "the bearer token's audience [other-api] is none of [shop-api]");
        assertRefused(Tokens.sign(rsa, JWSAlgorithm.RS256, Tokens.claims().audience((String) null).build()),
                "the bearer token has no aud claim (one of [shop-api] is required)");
        assertThat(call(Tokens.sign(rsa, JWSAlgorithm.RS256,
                Tokens.claims().audience(List.of("other-api", Tokens.AUDIENCE)).build())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownKidIsRefusedWithAnInlineKeySet() {
        RSAKey unknown = Tokens.rsa("r9");
        assertRefused(Tokens.sign(unknown, JWSAlgorithm.RS256), "no key with kid \"r9\" in the route's JWKS");
    }

    @Test
    void kidOfAConfiguredKeyDoesNotMakeAForeignSignatureValid() {
        assertRefused(Tokens.sign(stranger, JWSAlgorithm.RS256), "the bearer token's signature does not verify");
    }

    @Test
    void kidIsAnIdentifierNeverAPath() {
        assertRefused(Tokens.sign(rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("../../../etc/passwd").build(),
                Tokens.claims().build()), "no key with kid \"../../../etc/passwd\" in the route's JWKS");
    }

    @Test
    void tokensThatNameTheirOwnKeyAreRefusedEvenWhenCorrectlySigned() throws Exception {
        JWTClaimsSet claims = Tokens.claims().build();
        assertRefused(Tokens.sign(rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1")
                .jwkURL(URI.create("https://evil.example/jwks.json")).build(), claims), NAMES_ITS_KEY);
        assertRefused(Tokens.sign(rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1")
                .x509CertURL(URI.create("https://evil.example/cert.pem")).build(), claims), NAMES_ITS_KEY);
        assertRefused(Tokens.sign(rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1")
                .jwk(rsa.toPublicJWK()).build(), claims), NAMES_ITS_KEY);
        assertRefused(Tokens.sign(rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1")
                .x509CertChain(List.of(Base64.encode(rsa.toRSAPublicKey().getEncoded()))).build(), claims),
                NAMES_ITS_KEY);
    }

    @Test
    void embeddedJwkOfAnAttackerIsNeverUsed() {
        RSAKey attacker = Tokens.rsa("r1");
        assertRefused(Tokens.sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1")
                .jwk(attacker.toPublicJWK()).build(), Tokens.claims().build()), NAMES_ITS_KEY);
    }

    @Test
    void critHeaderIsRefused() {
        assertRefused(Tokens.sign(rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1")
                .criticalParams(Set.of("portico")).customParam("portico", 1).build(), Tokens.claims().build()),
                "the bearer token's header has crit [portico], which is not supported");
    }

    @Test
    void tamperedPayloadIsRefused() {
        String forged = Base64URL.encode(Tokens.claims().subject("admin").build().toString()).toString();
        // RSA is checked on the event loop, ECDSA on a worker: both refuse
        for (String token : List.of(Tokens.sign(rsa, JWSAlgorithm.RS256), Tokens.sign(p256, JWSAlgorithm.ES256))) {
            String[] parts = token.split("\\.");
            assertRefused(parts[0] + "." + forged + "." + parts[2], "the bearer token's signature does not verify");
        }
    }

    @Test
    void typeOtherThanJwtIsRefused() {
        assertRefused(Tokens.sign(rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1")
                .type(new JOSEObjectType("dpop+jwt")).build(), Tokens.claims().build()),
                "the bearer token's typ \"dpop+jwt\" is not a JWT");
        assertThat(call(Tokens.sign(rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1")
                .type(new JOSEObjectType("at+jwt")).build(), Tokens.claims().build())).statusCode()).isEqualTo(200);
    }

    @Test
    void garbageIsRefused() {
        assertRefused("not-a-token", "the bearer token is not a signed JWT");
        assertRefused("a.b.c", "the bearer token is not a signed JWT");
        assertThat(call("").statusCode()).isEqualTo(401);
    }

    @Test
    void twoAuthorizationHeadersAreRefused() {
        String token = Tokens.sign(rsa, JWSAlgorithm.RS256);
        GatewayFixture.Response twice = gw.withRepeatedHeaders("/api/x", "Authorization", "Bearer " + token,
                "Authorization", "Bearer " + token);
        assertThat(twice.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(twice.body()).getString("message"))
                .isEqualTo("the request has more than one Authorization header");
        assertThat(gw.statusWithRepeatedHeaders("/api/x", "Authorization", "Bearer " + token)).isEqualTo(200);
    }

    @Test
    void ed25519IsNotSupportedWithoutTink() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"EdDSA\",\"kid\":\"" + okpKid + "\"}").toString();
        String payload = Base64URL.encode(Tokens.claims().build().toString()).toString();
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(ed25519.getPrivate());
        s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        // its key is left out of the ring (logged when the JWKS is read)
        assertRefused(header + "." + payload + "." + Base64URL.encode(s.sign()),
                "no key with kid \"ed1\" in the route's JWKS");
    }

    @Test
    void echoedClaimValuesAreCutTo64CharactersWithoutControlCharacters() {
        String hostile = "\u0007evil\r\nx-injected: 1\u202e" + "x".repeat(10_000);
        assertRefused(Tokens.sign(rsa, JWSAlgorithm.RS256, Tokens.claims().issuer(hostile).build()),
                "the bearer token's issuer \"evilx-injected: 1" + "x".repeat(47) + "...\" is not \""
                        + Tokens.ISSUER + "\"");
        List<String> audiences = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            audiences.add("aud-" + i);
        }
        assertRefused(Tokens.sign(rsa, JWSAlgorithm.RS256, Tokens.claims().audience(audiences).build()),
                "the bearer token's audience [aud-0, aud-1, aud-2, ... 997 more] is none of [shop-api]");
        assertRefused(Tokens.sign(rsa, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k".repeat(5_000)).build(),
                Tokens.claims().build()), "no key with kid \"" + "k".repeat(64) + "...\" in the route's JWKS");
    }

    @Test
    void anExpiredTokenWithAForeignSignatureIsRefusedForItsSignature() {
        assertRefused(Tokens.sign(stranger, JWSAlgorithm.RS256, Tokens.claims()
                .expirationTime(new Date(System.currentTimeMillis() - 600_000)).build()),
                "the bearer token's signature does not verify"); // claims of an unverified token are not read
    }

    @Test
    void aRouteWhoseJwksHasNoUsableKeySaysSo() {
        GatewayFixture.Response res = gw.get("/broken/x", "Authorization",
                "Bearer " + Tokens.sign(rsa, JWSAlgorithm.RS256));
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(res.body()).getString("message")).isEqualTo("the route's JWKS has no usable key");
    }

    @Test
    void missingOrNonBearerCredentialsGetABareChallenge() {
        int hitsBefore = gw.backend.hits();
        for (GatewayFixture.Response res : List.of(gw.get("/api/x"), gw.get("/api/x", "Authorization", "Basic dTpw"))) {
            assertThat(res.statusCode()).isEqualTo(401);
            assertThat(res.header("www-authenticate")).isEqualTo("Bearer");
            assertThat(new JsonObject(res.body()).getString("message")).isEqualTo("credentials are required");
        }
        assertThat(gw.backend.hits()).as("refused requests never reach the upstream").isEqualTo(hitsBefore);
    }
}
