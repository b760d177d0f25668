package dev.portico.snapshot;

import java.util.List;

/**
 * JWT verification settings.
 *
 * @param jwks    the JWK Set JSON resolved from a Secret; null when {@code jwksUri} is used
 * @param jwksUri fetched and cached by the data plane; null when {@code jwks} is inline
 */
public record JwtAuth(String issuer, List<String> audiences, String jwks, String jwksUri,
        List<ClaimToHeader> claimsToHeaders, boolean forwardToken) {

    public record ClaimToHeader(String claim, String header) {
    }

    public JwtAuth {
        audiences = Canonical.sortedStrings(audiences);
        claimsToHeaders = Canonical.list(claimsToHeaders);
    }

    /** Key material never reaches a log line, even public keys (a JWK Set may carry HMAC secrets). */
    @Override
    public String toString() {
        return "JwtAuth[issuer=" + issuer + ", audiences=" + audiences + ", jwks="
                + (jwks == null ? "null" : "<redacted " + jwks.length() + " chars>") + ", jwksUri=" + jwksUri
                + ", claimsToHeaders=" + claimsToHeaders + ", forwardToken=" + forwardToken + "]";
    }
}
