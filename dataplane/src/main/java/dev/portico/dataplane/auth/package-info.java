/**
 * Authentication at the door: bearer JWTs verified against a JWK Set (inline from a Secret, or
 * fetched from a URI) and API keys held as SHA-256 hashes. Entry point:
 * {@link dev.portico.dataplane.auth.AuthFilterFactory}, registered first among the filter factories.
 *
 * <p>Why Nimbus JOSE+JWT: a mature, widely deployed JOSE library whose verifiers are built from a
 * key we choose, so the algorithm is decided by the configured key and never by the token. Key
 * selection works like its {@code JWSVerificationKeySelector}, but with an explicit allowed-algorithm
 * set per key ({@link dev.portico.dataplane.auth.KeyRing}): RSA keys (2048 bits and more) verify
 * RS256/384/512 and PS256/384/512, EC keys only the algorithm of their curve (ES256, ES384, ES512),
 * {@code oct} keys only HS256, and a key's own {@code alg} narrows that to one. Nimbus does no network
 * or file lookup unless told to; we never let it: tokens with {@code jku}, {@code x5u}, {@code jwk},
 * {@code x5c} or {@code crit} headers are refused, and {@code kid} only picks among configured keys.
 * EdDSA is left out: Nimbus verifies Ed25519 only through Google Tink, an extra dependency.
 *
 * <p>Rules of the door: {@code alg: none} and HMAC tokens "signed" with an RSA public key never
 * verify; {@code exp} is required, {@code exp}/{@code nbf} get a 30 s skew, {@code iss} must match
 * exactly, {@code aud} must contain one of {@code audiences} when set. An unknown {@code kid} with a
 * JWKS URI refreshes the set (non-blocking Vert.x WebClient, at most once per 10 s per URI) and tries
 * once more; with an inline set it is a 401. A missing or invalid key set verifies nothing (every
 * token 401), it never lets traffic through. Verified tokens are cached by SHA-256 (never the token
 * itself) until {@code min(exp, now + 5 min)}, and dropped when the key set that verified them changes.
 * A cache miss costs one signature check: RSA (about 40 µs of CPU) and HMAC run on the event loop,
 * ECDSA (about 1 ms with the JDK 17 provider, see {@code bench/results/auth.md}) on the worker pool.
 *
 * <p>What later filters get: {@link dev.portico.dataplane.auth.AuthAttributes#CLAIMS} (verified
 * claims) and {@link dev.portico.dataplane.auth.AuthAttributes#CLIENT_ID} (API-key client id, also
 * sent upstream as {@code Portico-Client-Id}). A refused request gets 401, a JSON error body and a
 * {@code WWW-Authenticate} challenge per configured method ({@code Bearer}, {@code ApiKey});
 * the detailed reason goes to the debug log only.
 */
package dev.portico.dataplane.auth;
