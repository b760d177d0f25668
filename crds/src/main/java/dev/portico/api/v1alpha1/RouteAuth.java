package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/**
 * Authentication of a route: a JWT, an API key, or either one when both are configured.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteAuth {

    @JsonPropertyDescription("Accept requests that carry a valid JWT bearer token.")
    private JwtValidation jwt;

    @JsonPropertyDescription("Accept requests that carry an API key held in a Secret.")
    private ApiKeyValidation apiKeys;

    public JwtValidation getJwt() {
        return jwt;
    }

    public void setJwt(JwtValidation jwt) {
        this.jwt = jwt;
    }

    public ApiKeyValidation getApiKeys() {
        return apiKeys;
    }

    public void setApiKeys(ApiKeyValidation apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RouteAuth other)) {
            return false;
        }
        return Objects.equals(jwt, other.jwt)
                && Objects.equals(apiKeys, other.apiKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jwt, apiKeys);
    }

    @Override
    public String toString() {
        return "RouteAuth{" + "jwt=" + jwt
                + ", apiKeys=" + apiKeys + "}";
    }
}
