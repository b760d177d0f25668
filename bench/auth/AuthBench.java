import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Date;
import java.util.Locale;

/**
 * Helper of bench/auth/run.sh, with the Nimbus version the data plane ships.
 *   mint DIR BACKEND_PORT  writes DIR/token (RS256 with a fresh RSA 2048 key, valid 2 h), DIR/apikey and
 *             DIR/snapshot.json: routes /open (no auth), /jwt (that key's JWK Set inline) and /key (the API
 *             key's SHA-256), all to one cluster at 127.0.0.1:BACKEND_PORT
 *   cost      prints a Markdown table: CPU time of one signature check per algorithm (the token-cache miss)
 *             and of one SHA-256 over the token (the cache-hit key), single thread, after a warm-up
 */
public final class AuthBench {
    static final String ISSUER = "https://id.bench.example";

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("mint")) {
            mint(Path.of(args[1]), Integer.parseInt(args[2]));
        } else if (args.length == 1 && args[0].equals("cost")) {
            cost();
        } else {
            System.err.println("usage: AuthBench mint DIR BACKEND_PORT | cost");
            System.exit(2);
        }
    }

    static void mint(Path dir, int backendPort) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
        Files.writeString(dir.resolve("token"), sign(key, new RSASSASigner(key), JWSAlgorithm.RS256));
        String apiKey = "bench-api-key-0123456789abcdef";
        Files.writeString(dir.resolve("apikey"), apiKey);
        String hash = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        JsonObject jwt = new JsonObject().put("issuer", ISSUER).put("audiences", new JsonArray().add("bench-api"))
                .put("jwks", new JWKSet(key.toPublicJWK()).toString());
        JsonObject keys = new JsonObject().put("in", "Header").put("name", "X-Api-Key").put("clients",
                new JsonArray().add(new JsonObject().put("id", "bench").put("keySha256", hash)));
        JsonObject snapshot = new JsonObject().put("gateway", "default").put("version", 1)
                .put("routes", new JsonArray().add(route("open", "/open", null))
                        .add(route("jwt", "/jwt", new JsonObject().put("jwt", jwt)))
                        .add(route("key", "/key", new JsonObject().put("apiKeys", keys))))
                .put("clusters", new JsonArray().add(new JsonObject().put("name", "bench/backend:80")
                        .put("namespace", "bench").put("service", "backend").put("port", 80).put("serviceExists", true)
                        .put("endpoints", new JsonArray().add(new JsonObject().put("address", "127.0.0.1")
                                .put("port", backendPort)))));
        Files.writeString(dir.resolve("snapshot.json"), snapshot.encodePrettily());
    }

    static JsonObject route(String name, String prefix, JsonObject auth) {
        JsonObject rule = new JsonObject().put("index", 0)
                .put("matches", new JsonArray().add(new JsonObject().put("path",
                        new JsonObject().put("type", "PathPrefix").put("value", prefix))))
                .put("backends", new JsonArray().add(new JsonObject().put("cluster", "bench/backend:80")
                        .put("weight", 1)));
        JsonObject route = new JsonObject().put("namespace", "bench").put("name", name).put("generation", 1)
                .put("creationTimestamp", "2026-01-01T00:00:00Z").put("rules", new JsonArray().add(rule));
        return auth == null ? route : route.put("auth", auth);
    }

    static String sign(com.nimbusds.jose.jwk.JWK key, JWSSigner signer, JWSAlgorithm alg) throws Exception {
        long now = System.currentTimeMillis();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).audience("bench-api").subject("bench-user")
                        .issueTime(new Date(now)).expirationTime(new Date(now + 7_200_000)).build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    static void cost() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r").generate();
        ECKey p256 = new ECKeyGenerator(Curve.P_256).keyID("e").generate();
        OctetSequenceKey hmac = new OctetSequenceKeyGenerator(256).keyID("h").generate();
        System.out.println("| check | µs per operation | operations per CPU second |");
        System.out.println("|---|---:|---:|");
        row("RS256 signature (RSA 2048)", sign(rsa, new RSASSASigner(rsa), JWSAlgorithm.RS256),
                new RSASSAVerifier(rsa.toRSAPublicKey()));
        row("PS256 signature (RSA 2048)", sign(rsa, new RSASSASigner(rsa), JWSAlgorithm.PS256),
                new RSASSAVerifier(rsa.toRSAPublicKey()));
        row("ES256 signature (P-256)", sign(p256, new ECDSASigner(p256), JWSAlgorithm.ES256),
                new ECDSAVerifier(p256.toECPublicKey()));
        row("HS256 signature", sign(hmac, new MACSigner(hmac), JWSAlgorithm.HS256), new MACVerifier(hmac));
        String token = sign(rsa, new RSASSASigner(rsa), JWSAlgorithm.RS256);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        print("SHA-256 of the token (cache key)", measure(() -> {
            md.digest(bytes);
        }));
    }

    static void row(String name, String token, JWSVerifier verifier) throws Exception {
        print(name, measure(() -> {
            try {
                if (!SignedJWT.parse(token).verify(verifier)) {
                    throw new IllegalStateException("does not verify");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /** Nanoseconds of thread CPU per run, after a warm-up; runs for about a second. */
    static double measure(Runnable op) {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            op.run();
        }
        long n = 0;
        long cpu0 = bean.getCurrentThreadCpuTime();
        end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        return (bean.getCurrentThreadCpuTime() - cpu0) / (double) n;
    }

    static void print(String name, double nanos) {
        System.out.println(String.format(Locale.ROOT, "| %s | %.1f | %,.0f |", name, nanos / 1000, 1e9 / nanos));
    }
}
