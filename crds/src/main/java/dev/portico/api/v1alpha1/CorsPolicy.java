package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * Cross-origin resource sharing for the browser clients of a route: the gateway answers preflights itself and
 * adds the {@code Access-Control-*} headers to answers for allowed origins.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CorsPolicy {

    @JsonPropertyDescription("Origins whose scripts may call this route: https://app.example (scheme, host and port as the browser sends them), https://*.example.com for every subdomain of example.com (one or more extra labels, never example.com itself), or * for any origin (not with allowCredentials).")
    @Required
    @Size(min = 1, max = 64)
    private List<@Pattern(SchemaPatterns.CORS_ORIGIN) String> allowOrigins;

    @JsonPropertyDescription("Methods a preflight may ask for. Default: GET, HEAD and POST.")
    @Size(max = 9)
    private List<HttpMethod> allowMethods;

    @JsonPropertyDescription("Request headers a preflight may ask for, such as Authorization or Content-Type; * allows whatever it asks for.")
    @Size(max = 64)
    private List<@Pattern(SchemaPatterns.HEADER_NAME) String> allowHeaders;

    @JsonPropertyDescription("Response headers scripts may read beyond the CORS-safelisted ones, such as RateLimit-Remaining.")
    @Size(max = 64)
    private List<@Pattern(SchemaPatterns.HEADER_NAME) String> exposeHeaders;

    @JsonPropertyDescription("How long a browser may reuse a preflight's answer, as a duration such as 10m (browsers cap it: Chrome at 2h). Default: not sent, so browsers use their own default (5s).")
    @Pattern(SchemaPatterns.DURATION)
    @Size(max = 32)
    private String maxAge;

    @JsonPropertyDescription("Whether requests may carry cookies or an Authorization header, and their answers be read. Not with the origin *.")
    private Boolean allowCredentials;

    public List<String> getAllowOrigins() {
        return allowOrigins;
    }

    public void setAllowOrigins(List<String> allowOrigins) {
        this.allowOrigins = allowOrigins;
    }

    public List<HttpMethod> getAllowMethods() {
        return allowMethods;
    }

    public void setAllowMethods(List<HttpMethod> allowMethods) {
        this.allowMethods = allowMethods;
    }

    public List<String> getAllowHeaders() {
        return allowHeaders;
    }

    public void setAllowHeaders(List<String> allowHeaders) {
        this.allowHeaders = allowHeaders;
    }

    public List<String> getExposeHeaders() {
        return exposeHeaders;
    }

    public void setExposeHeaders(List<String> exposeHeaders) {
        this.exposeHeaders = exposeHeaders;
    }

    public String getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(String maxAge) {
        this.maxAge = maxAge;
    }

    public Boolean getAllowCredentials() {
        return allowCredentials;
    }

    public void setAllowCredentials(Boolean allowCredentials) {
        this.allowCredentials = allowCredentials;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CorsPolicy other)) {
            return false;
        }
        return Objects.equals(allowOrigins, other.allowOrigins)
                && Objects.equals(allowMethods, other.allowMethods)
                && Objects.equals(allowHeaders, other.allowHeaders)
                && Objects.equals(exposeHeaders, other.exposeHeaders)
                && Objects.equals(maxAge, other.maxAge)
                && Objects.equals(allowCredentials, other.allowCredentials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowOrigins, allowMethods, allowHeaders, exposeHeaders, maxAge, allowCredentials);
    }

    @Override
    public String toString() {
        return "CorsPolicy{" + "allowOrigins=" + allowOrigins
                + ", allowMethods=" + allowMethods
                + ", allowHeaders=" + allowHeaders
                + ", exposeHeaders=" + exposeHeaders
                + ", maxAge=" + maxAge
                + ", allowCredentials=" + allowCredentials + "}";
    }
}
