package dev.portico.dataplane.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portico.snapshot.JwtAuth;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Verifies bearer tokens for one route's {@code auth.jwt}: a signed JWT whose algorithm one of the
 * configured keys allows, whose header asks for no lookup ({@code jku}, {@code x5u}, {@code jwk},
 * {@code x5c}) and no extension ({@code crit}), with exactly the configured {@code iss}, an
 * {@code aud} among {@code audiences} (when set), a required {@code exp} and an optional {@code nbf},
 * both with the configured clock skew ({@link ClaimsCheck}). Verified tokens are cached until {@code exp} (at most
 * the cache TTL). A refused token's {@link TokenRejected} says which check failed, fit for the client. Thread-safe.
 */
final class JwtVerifier {
    /** {@code typ} values of a JWT (RFC 7519) or an OAuth access token (RFC 9068), compared in lower case. */
    private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "application/jwt", "at+jwt",
            "application/at+jwt");

    private final KeyRing inline;
    private final RemoteJwks remote;
    private final ClaimsCheck claimsCheck;
    private final byte[] fingerprint;
    private final TokenCache cache;
    private final AuthOptions options;
    private final LongSupplier millis;
    private final AtomicLong signatureChecks;
    private final Vertx vertx;

    /**
     * @param inline the parsed {@code jwks}, or null when {@code remote} serves the keys
     * @param vertx  runs ECDSA checks on its worker pool; null checks everything on the caller's thread
     */
    JwtVerifier(JwtAuth config, KeyRing inline, RemoteJwks remote, TokenCache cache, AuthOptions options,
            LongSupplier millis, AtomicLong signatureChecks, Vertx vertx) {
        this.vertx = vertx;
        this.inline = inline;
        this.remote = remote;
        this.cache = cache;
        this.options = options;
        this.millis = millis;
        this.signatureChecks = signatureChecks;
        this.claimsCheck = new ClaimsCheck(config.issuer(), config.audiences(), options.clockSkew());
        // Tokens cached for one configuration never count for another (other issuer, audiences or keys). Its
        // digest, not its text: the text holds the whole JWK Set, and every cache key hashes the fingerprint.
        this.fingerprint = TokenCache.threadSha256().digest((config.issuer() + "\n" + config.audiences() + "\n"
                + config.jwks() + "\n" + config.jwksUri()).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the verified claims as JSON values; fails with {@link TokenRejected} */
    Future<Map<String, Object>> verify(String token) {
        long now = millis.getAsLong();
        KeyRing ring = keys();
        TokenCache.Key key = TokenCache.key(fingerprint, token);
        TokenCache.Entry hit = cache.get(key, ring, now);
        if (hit != null) {
            return Future.succeededFuture(hit.claims());
        }
        SignedJWT jwt;
        try {
            jwt = parse(token);
        } catch (TokenRejected r) {
            return Future.failedFuture(r);
        }
        return attempt(jwt, ring, key, now, remote != null);
    }

    /**
     * Picks the keys, then checks signature and claims: on the caller's thread for RSA and HMAC (tens of
     * microseconds), on a worker for ECDSA (about a millisecond of CPU each with the JDK 17 provider), so a
     * burst of new ES256 tokens cannot hold an event loop.
     */
    private Future<Map<String, Object>> attempt(SignedJWT jwt, KeyRing ring, TokenCache.Key key, long now,
            boolean mayRefresh) {
        List<KeyRing.Key> candidates;
        try {
            candidates = select(jwt, ring);
        } catch (TokenRejected r) {
            return r.unknownKey() && mayRefresh ? retryAfterRefresh(jwt, key) : Future.failedFuture(r);
        }
        if (vertx != null && JWSAlgorithm.Family.EC.contains(jwt.getHeader().getAlgorithm())) {
            Context caller = Vertx.currentContext();
            Promise<Map<String, Object>> promise = Promise.promise();
            vertx.<Map<String, Object>>executeBlocking(() -> accept(jwt, candidates, ring, key, now), false)
                    .onComplete(ar -> onContext(caller, () -> promise.handle(ar)));
            return promise.future();
        }
        try {
            return Future.succeededFuture(accept(jwt, candidates, ring, key, now));
        } catch (TokenRejected r) {
            return Future.failedFuture(r);
        }
    }

    /** An unknown kid with a JWKS URI: refresh (rate-bounded), then try once more on the caller's event loop. */
    private Future<Map<String, Object>> retryAfterRefresh(SignedJWT jwt, TokenCache.Key key) {
        Context caller = Vertx.currentContext();
        Promise<Map<String, Object>> promise = Promise.promise();
        remote.refresh().onComplete(ar -> onContext(caller,
                () -> attempt(jwt, keys(), key, millis.getAsLong(), false).onComplete(promise)));
        return promise.future();
    }

    private static void onContext(Context caller, Runnable action) {
        if (caller == null || caller == Vertx.currentContext()) {
            action.run();
        } else {
            caller.runOnContext(v -> action.run());
        }
    }

    private KeyRing keys() {
        return remote == null ? inline : remote.current();
    }

    private static SignedJWT parse(String token) throws TokenRejected {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            String alg = algorithmOf(token);
            if ("none".equalsIgnoreCase(alg)) { // an unsecured JWT is no JWS: the parser refuses it
                throw new TokenRejected("the bearer token's algorithm " + alg + " is not allowed");
            }
            throw new TokenRejected("the bearer token is not a signed JWT");
        }
        JWSHeader h = jwt.getHeader();
        if (h.getJWKURL() != null || h.getX509CertURL() != null || h.getJWK() != null
                || h.getX509CertChain() != null) {
            throw new TokenRejected("the bearer token's header names its own key (jku, x5u, jwk or x5c); "
                    + "keys come only from the route's JWKS");
        }
        if (h.getCriticalParams() != null && !h.getCriticalParams().isEmpty()) {
            throw new TokenRejected("the bearer token's header has crit " + TokenEcho.list(h.getCriticalParams())
                    + ", which is not supported");
        }
        if (h.getType() != null && !ACCEPTED_TYPES.contains(h.getType().getType().toLowerCase(Locale.ROOT))) {
            throw new TokenRejected("the bearer token's typ \"" + TokenEcho.of(h.getType().getType())
                    + "\" is not a JWT");
        }
        return jwt;
    }

    /** The {@code alg} of a token's header when the header is JSON, else null. */
    private static String algorithmOf(String token) {
        int dot = token.indexOf('.');
        try {
            Object alg = JSONObjectUtils.parse(new Base64URL(dot < 0 ? token : token.substring(0, dot))
                    .decodeToString()).get("alg");
            return alg instanceof String a ? a : null;
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** The configured keys that may verify this token; none at all is an unknown key (a refresh may help). */
    private static List<KeyRing.Key> select(SignedJWT jwt, KeyRing ring) throws TokenRejected {
        JWSHeader h = jwt.getHeader();
        String kid = h.getKeyID();
        List<KeyRing.Key> candidates = ring.candidates(h.getAlgorithm(), kid);
        if (candidates.isEmpty()) {
            boolean unknown = kid == null || !ring.knows(kid);
            throw new TokenRejected(noKeyFor(TokenEcho.of(h.getAlgorithm().getName()), kid, unknown, ring), unknown);
        }
        return candidates;
    }

    /** Why no key of the ring may verify the token's algorithm {@code alg} (as echoed) with its {@code kid}. */
    private static String noKeyFor(String alg, String kid, boolean unknown, KeyRing ring) {
        String refused = "the bearer token's algorithm " + alg + " is not allowed";
        if ("none".equalsIgnoreCase(alg)) {
            return refused;
        }
        if (ring == KeyRing.NOT_FETCHED) {
            // the cause (an address, a status) stays in the data plane's log: it is not the client's to read
            return "the route's JWKS could not be fetched from its jwksUri";
        }
        if (ring.size() == 0) {
            return "the route's JWKS has no usable key";
        }
        if (kid == null) {
            return refused + " by any key in the route's JWKS";
        }
        return unknown ? "no key with kid \"" + TokenEcho.of(kid) + "\" in the route's JWKS"
                : refused + " for the key with kid \"" + TokenEcho.of(kid) + "\"";
    }

    private Map<String, Object> accept(SignedJWT jwt, List<KeyRing.Key> candidates, KeyRing ring,
            TokenCache.Key key, long now) throws TokenRejected {
        if (!signedByOneOf(jwt, candidates)) {
            throw new TokenRejected("the bearer token's signature does not verify");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejected("the bearer token's claims are not a JWT claims set");
        }
        claimsCheck.check(claims, now);
        long validUntil = Math.min(claims.getExpirationTime().getTime(), now + options.tokenCacheTtl().toMillis());
        Map<String, Object> json = Collections.unmodifiableMap(claims.toJSONObject());
        if (validUntil > now) {
            cache.put(key, new TokenCache.Entry(ring, json, validUntil), now);
        }
        return json;
    }

    private boolean signedByOneOf(SignedJWT jwt, List<KeyRing.Key> candidates) {
        for (KeyRing.Key k : candidates) {
            signatureChecks.incrementAndGet();
            try {
                if (jwt.verify(k.verifier())) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key that cannot check this signature is simply not the one
            }
        }
        return false;
    }
}
