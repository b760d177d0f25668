package dev.portico.dataplane.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The claims a route's {@code auth.jwt} requires of a token whose signature verified: exactly its {@code iss}, an
 * {@code aud} among its audiences (when it has some), an {@code exp} still ahead and an {@code nbf} (optional)
 * already past, both within the clock skew. A refusal says which claim failed, and why.
 */
final class ClaimsCheck {
    private final String issuer;
    private final List<String> audiences;
    private final long skewMillis;

    /** @param audiences empty: any or no {@code aud} */
    ClaimsCheck(String issuer, List<String> audiences, Duration clockSkew) {
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        this.skewMillis = clockSkew.toMillis();
    }

    void check(JWTClaimsSet claims, long nowMillis) throws TokenRejected {
        String iss = claims.getIssuer();
        if (iss == null) {
            throw new TokenRejected("the bearer token has no iss claim");
        }
        if (!iss.equals(issuer)) {
            throw new TokenRejected("the bearer token's issuer \"" + TokenEcho.of(iss) + "\" is not \""
                    + TokenEcho.of(issuer) + "\"");
        }
        if (!audiences.isEmpty()) {
            List<String> aud = claims.getAudience();
            if (aud.isEmpty()) {
                throw new TokenRejected("the bearer token has no aud claim (one of " + TokenEcho.list(audiences)
                        + " is required)");
            }
            if (aud.stream().noneMatch(audiences::contains)) {
                throw new TokenRejected("the bearer token's audience " + TokenEcho.list(aud) + " is none of "
                        + TokenEcho.list(audiences));
            }
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejected("the bearer token has no exp claim");
        }
        if (exp.getTime() + skewMillis <= nowMillis) {
            throw new TokenRejected("the bearer token expired at " + instant(exp));
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.getTime() - skewMillis >= nowMillis) {
            throw new TokenRejected("the bearer token is not valid yet (nbf " + instant(nbf) + ")");
        }
    }

    private static Instant instant(Date date) {
        return Instant.ofEpochMilli(date.getTime());
    }
}
