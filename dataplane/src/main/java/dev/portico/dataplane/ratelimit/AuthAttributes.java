package dev.portico.dataplane.ratelimit;

/**
 * Where the auth filter, which runs earlier, leaves the identity that JWTClaim and APIKey limits count
 * by; the same keys as {@code dev.portico.dataplane.auth.AuthAttributes}.
 */
final class AuthAttributes {
    /** {@code Map<String, Object>}: the verified JWT's claims. */
    static final String JWT_CLAIMS = "portico.auth.claims";
    /** {@code String}: the client id of the API key that matched. */
    static final String API_KEY_CLIENT = "portico.auth.clientId";

    private AuthAttributes() {
    }
}
