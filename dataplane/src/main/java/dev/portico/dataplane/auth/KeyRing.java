package dev.portico.dataplane.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verification keys of one JWK Set, each with the explicit set of algorithms it may verify.
 * The set is derived from the key (kty, crv, alg), never from a token: an RSA key never verifies an
 * HS256 token, an HMAC key verifies only HS256. Keys that cannot be used are left out (and counted).
 */
final class KeyRing {
    private static final System.Logger LOG = System.getLogger(KeyRing.class.getName());

    static final KeyRing EMPTY = new KeyRing(List.of(), 0);
    /** A JWKS URI's ring before any fetch succeeded: empty too, but for a reason of its own. */
    static final KeyRing NOT_FETCHED = new KeyRing(List.of(), 0);

    static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Map<Curve, JWSAlgorithm> EC_ALGORITHMS = Map.of(Curve.P_256, JWSAlgorithm.ES256,
            Curve.P_384, JWSAlgorithm.ES384, Curve.P_521, JWSAlgorithm.ES512);
    private static final int MIN_RSA_BITS = 2048;

    /** One usable key: its id (may be null), the algorithms it verifies, and a ready verifier. */
    record Key(String kid, Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {
    }

    private final List<Key> keys;
    private final int skipped;

    private KeyRing(List<Key> keys, int skipped) {
        this.keys = List.copyOf(keys);
        this.skipped = skipped;
    }

    /** Parses a JWK Set; JSON that is not a JWK Set yields the empty ring, so every token is refused. */
    static KeyRing parse(String jwkSetJson, String source) {
        if (jwkSetJson == null) {
            return EMPTY;
        }
        try {
            return of(JWKSet.parse(jwkSetJson), source);
        } catch (ParseException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "JWK Set of {0} is not valid JSON Web Keys ({1}); "
                    + "every token is refused until it is fixed", source, e.getMessage());
            return EMPTY;
        }
    }

    static KeyRing of(JWKSet set, String source) {
        List<Key> keys = new ArrayList<>();
        int skipped = 0;
        for (JWK jwk : set.getKeys()) {
            Key key = usable(jwk, source);
            if (key == null) {
                skipped++;
            } else {
                keys.add(key);
            }
        }
        return new KeyRing(keys, skipped);
    }

    /** Keys that may verify a token signed with {@code alg}; with a kid, only the key with exactly that id. */
    List<Key> candidates(JWSAlgorithm alg, String kid) {
        List<Key> out = new ArrayList<>(1);
        for (Key k : keys) {
            if ((kid == null || kid.equals(k.kid())) && k.algorithms().contains(alg)) {
                out.add(k);
            }
        }
        return out;
    }

    boolean knows(String kid) {
        for (Key k : keys) {
            if (kid.equals(k.kid())) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return keys.size();
    }

    int skipped() {
        return skipped;
    }

    private static Key usable(JWK jwk, String source) {
        String kid = jwk.getKeyID();
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return skip(source, kid, "its use is not sig");
        }
        Set<KeyOperation> ops = jwk.getKeyOperations();
        if (ops != null && !ops.contains(KeyOperation.VERIFY)) {
            return skip(source, kid, "its key_ops do not include verify");
        }
        JWSAlgorithm declared = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
        try {
            if (jwk instanceof RSAKey rsa) {
                if (rsa.size() < MIN_RSA_BITS) {
                    return skip(source, kid, "RSA keys under " + MIN_RSA_BITS + " bits are refused");
                }
                return restrict(kid, RSA_ALGORITHMS, declared, new RSASSAVerifier(rsa.toRSAPublicKey()), source);
            }
            if (jwk instanceof ECKey ec) {
                JWSAlgorithm alg = EC_ALGORITHMS.get(ec.getCurve());
                if (alg == null) {
                    return skip(source, kid, "curve " + ec.getCurve() + " is not supported");
                }
                return restrict(kid, Set.of(alg), declared, new ECDSAVerifier(ec.toECPublicKey()), source);
            }
            if (jwk instanceof OctetSequenceKey oct) {
                // HMAC only as HS256, and only with a real secret key (MACVerifier refuses short ones).
                return restrict(kid, Set.of(JWSAlgorithm.HS256), declared, new MACVerifier(oct.toByteArray()),
                        source);
            }
        } catch (JOSEException e) {
            return skip(source, kid, e.getMessage());
        }
        // OKP (Ed25519): Nimbus verifies EdDSA only through Google Tink, which this build leaves out.
        return skip(source, kid, "key type " + jwk.getKeyType() + " is not supported");
    }

    private static Key restrict(String kid, Set<JWSAlgorithm> byType, JWSAlgorithm declared, JWSVerifier verifier,
            String source) {
        if (declared == null) {
            return new Key(kid, byType, verifier);
        }
        if (!byType.contains(declared)) {
            return skip(source, kid, "its alg " + declared + " does not fit the key type");
        }
        return new Key(kid, Set.of(declared), verifier);
    }

    private static Key skip(String source, String kid, String why) {
        LOG.log(System.Logger.Level.WARNING, "JWK Set of {0}: key {1} is ignored: {2}", source,
                kid == null ? "without kid" : "\"" + kid + "\"", why);
        return null;
    }
}
