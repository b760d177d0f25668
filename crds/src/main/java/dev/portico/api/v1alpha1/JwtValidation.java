package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * How a route validates JWT bearer tokens.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JwtValidation {

    @JsonPropertyDescription("Required issuer; a token's 'iss' claim must equal it exactly.")
    @Required
    @Size(min = 1, max = 2048)
    private String issuer;

    @JsonPropertyDescription("Accepted audiences; when set, the token's 'aud' claim must contain one of them.")
    @Size(min = 0, max = 16)
    private List<String> audiences;

    @JsonPropertyDescription("Where the signing keys (a JWK set) come from: a Secret key or an https URI.")
    @Required
    private JwksSource jwks;

    @JsonPropertyDescription("Claims copied into request headers sent to the upstream.")
    @Size(min = 0, max = 16)
    private List<ClaimToHeader> claimsToHeaders;

    @JsonPropertyDescription("Forward the Authorization header to the upstream. When false (the default) it is removed.")
    @Default("false")
    private Boolean forwardToken;

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public List<String> getAudiences() {
        return audiences;
    }

    public void setAudiences(List<String> audiences) {
        this.audiences = audiences;
    }

    public JwksSource getJwks() {
        return jwks;
    }

    public void setJwks(JwksSource jwks) {
        this.jwks = jwks;
    }

    public List<ClaimToHeader> getClaimsToHeaders() {
        return claimsToHeaders;
    }

    public void setClaimsToHeaders(List<ClaimToHeader> claimsToHeaders) {
        this.claimsToHeaders = claimsToHeaders;
    }

    public Boolean getForwardToken() {
        return forwardToken;
    }

    public void setForwardToken(Boolean forwardToken) {
        this.forwardToken = forwardToken;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JwtValidation other)) {
            return false;
        }
        return Objects.equals(issuer, other.issuer)
                && Objects.equals(audiences, other.audiences)
                && Objects.equals(jwks, other.jwks)
                && Objects.equals(claimsToHeaders, other.claimsToHeaders)
                && Objects.equals(forwardToken, other.forwardToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuer, audiences, jwks, claimsToHeaders, forwardToken);
    }

    @Override
    public String toString() {
        return "JwtValidation{" + "issuer=" + issuer
                + ", audiences=" + audiences
                + ", jwks=" + jwks
                + ", claimsToHeaders=" + claimsToHeaders
                + ", forwardToken=" + forwardToken + "}";
    }
}
