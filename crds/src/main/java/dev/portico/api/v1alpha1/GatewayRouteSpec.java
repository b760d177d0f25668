package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * Desired state of a {@link GatewayRoute}: which hosts it serves, optional authentication, and its
 * rules. See {@code shared/design/api-v1alpha1.md} for the semantics of every field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayRouteSpec {

    @JsonPropertyDescription("Data-plane group that serves this route. Data planes started with the same --gateway name pick it up.")
    @Pattern(SchemaPatterns.DNS_LABEL)
    @Size(max = 63)
    @Default("default")
    private String gateway;

    @JsonPropertyDescription("Host names this route answers, lower case, optionally with a leading '*.' wildcard that matches one or more extra labels (never the bare domain). Ports are ignored. Empty means every host, with the lowest host precedence.")
    @Size(max = 16)
    private List<@Pattern(SchemaPatterns.HOSTNAME) String> hosts;

    @JsonPropertyDescription("Authentication required by every rule of this route. With both jwt and apiKeys set, a request passes with either one.")
    private RouteAuth auth;

    @JsonPropertyDescription("Cross-origin resource sharing for browser clients of every rule of this route: the gateway answers their preflights (before authentication) and adds the Access-Control-* headers for allowed origins.")
    private CorsPolicy cors;

    @JsonPropertyDescription("Rules of this route (1 to 32). Each rule matches requests and either proxies them to weighted backends or fans them out to an aggregate.")
    @Required
    @Size(min = 1, max = 32)
    private List<RouteRule> rules;

    public String getGateway() {
        return gateway;
    }

    public void setGateway(String gateway) {
        this.gateway = gateway;
    }

    public List<String> getHosts() {
        return hosts;
    }

    public void setHosts(List<String> hosts) {
        this.hosts = hosts;
    }

    public RouteAuth getAuth() {
        return auth;
    }

    public void setAuth(RouteAuth auth) {
        this.auth = auth;
    }

    public CorsPolicy getCors() {
        return cors;
    }

    public void setCors(CorsPolicy cors) {
        this.cors = cors;
    }

    public List<RouteRule> getRules() {
        return rules;
    }

    public void setRules(List<RouteRule> rules) {
        this.rules = rules;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GatewayRouteSpec other)) {
            return false;
        }
        return Objects.equals(gateway, other.gateway)
                && Objects.equals(hosts, other.hosts)
                && Objects.equals(auth, other.auth)
                && Objects.equals(cors, other.cors)
                && Objects.equals(rules, other.rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gateway, hosts, auth, cors, rules);
    }

    @Override
    public String toString() {
        return "GatewayRouteSpec{" + "gateway=" + gateway
                + ", hosts=" + hosts
                + ", auth=" + auth
                + ", cors=" + cors
                + ", rules=" + rules + "}";
    }
}
