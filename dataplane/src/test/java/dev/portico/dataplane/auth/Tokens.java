package dev.portico.dataplane.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/** Real keys and real signed tokens for tests. */
final class Tokens {
    static final String ISSUER = "https://id.shop.example";
    static final String AUDIENCE = "shop-api";

    private Tokens() {
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(Curve curve, String kid) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static OctetSequenceKey hmac(String kid) {
        try {
            return new OctetSequenceKeyGenerator(256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** iss, aud, sub and an exp ten minutes ahead: what a valid token carries. */
    static JWTClaimsSet.Builder claims() {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("user-1")
                .issueTime(new Date(now)).expirationTime(new Date(now + 600_000));
    }

    static String sign(JWK key, JWSAlgorithm alg) {
        return sign(key, new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims().build());
    }

    static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
        return sign(key, new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
    }

    static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWK Set as the operator puts it in the snapshot: public parts only, secrets of oct keys kept. */
    static String jwks(JWK... keys) {
        JsonArray arr = new JsonArray();
        for (JWK k : keys) {
            JWK published = k instanceof OctetSequenceKey ? k : k.toPublicJWK();
            arr.add(new JsonObject(published.toJSONObject()));
        }
        return new JsonObject().put("keys", arr).encode();
    }

    /** header.payload. with the given header JSON and no signature (e.g. alg none). */
    static String unsigned(String headerJson, JWTClaimsSet claims) {
        return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSASigner(rsa);
        }
        if (key instanceof ECKey ec) {
            return new ECDSASigner(ec);
        }
        if (key instanceof OctetSequenceKey oct) {
            return new MACSigner(oct);
        }
        throw new IllegalArgumentException("no signer for " + key.getKeyType());
    }
}
