package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a route: its matches, and exactly one of {@code backends} or {@code aggregate}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaOverlay.class,
        input = "{\"oneOf\":[{\"required\":[\"backends\"]},{\"required\":[\"aggregate\"]}]}")
public class RouteRule {

    @JsonPropertyDescription("Optional DNS label, unique in the route; used in metrics, status and RateLimitPolicy targetRefs.")
    @Pattern(SchemaPatterns.DNS_LABEL)
    @Size(max = 63)
    private String name;

    @JsonPropertyDescription("Matches (0 to 16), OR-ed; the fields inside one match are AND-ed. Empty means PathPrefix '/'.")
    @Size(min = 0, max = 16)
    private List<HttpMatch> matches;

    @JsonPropertyDescription("Services that receive the matched requests (1 to 16), split in proportion to their weights. Exactly one of backends or aggregate.")
    @Size(min = 1, max = 16)
    private List<WeightedBackend> backends;

    @JsonPropertyDescription("Fan the request out to several services in parallel and answer one JSON object with a member per"
            + " backend name holding its answer (a body that does not parse as JSON is held as a string). Exactly one"
            + " of backends or aggregate.")
    private Aggregation aggregate;

    @JsonPropertyDescription("Path and Host rewrite applied before the request goes upstream.")
    private UrlRewrite rewrite;

    @JsonPropertyDescription("Header changes applied to the request before it goes upstream.")
    private HeaderFilter requestHeaders;

    @JsonPropertyDescription("Header changes applied to the response before it goes back to the client.")
    private HeaderFilter responseHeaders;

    @JsonPropertyDescription("Time allowed for the whole request including retries, as a duration such as 250ms, 15s or 1m. Default 15s.")
    @Pattern(SchemaPatterns.DURATION)
    @Size(max = 32)
    @Default("15s")
    private String timeout;

    @JsonPropertyDescription("When and how often a failed upstream request is retried.")
    private Retries retries;

    @JsonPropertyDescription("How an endpoint is picked among the ready endpoints of a backend. Default RoundRobin.")
    private LoadBalancing loadBalancer;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<HttpMatch> getMatches() {
        return matches;
    }

    public void setMatches(List<HttpMatch> matches) {
        this.matches = matches;
    }

    public List<WeightedBackend> getBackends() {
        return backends;
    }

    public void setBackends(List<WeightedBackend> backends) {
        this.backends = backends;
    }

    public Aggregation getAggregate() {
        return aggregate;
    }

    public void setAggregate(Aggregation aggregate) {
        this.aggregate = aggregate;
    }

    public UrlRewrite getRewrite() {
        return rewrite;
    }

    public void setRewrite(UrlRewrite rewrite) {
        this.rewrite = rewrite;
    }

    public HeaderFilter getRequestHeaders() {
        return requestHeaders;
    }

    public void setRequestHeaders(HeaderFilter requestHeaders) {
        this.requestHeaders = requestHeaders;
    }

    public HeaderFilter getResponseHeaders() {
        return responseHeaders;
    }

    public void setResponseHeaders(HeaderFilter responseHeaders) {
        this.responseHeaders = responseHeaders;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public Retries getRetries() {
        return retries;
    }

    public void setRetries(Retries retries) {
        this.retries = retries;
    }

    public LoadBalancing getLoadBalancer() {
        return loadBalancer;
    }

    public void setLoadBalancer(LoadBalancing loadBalancer) {
        this.loadBalancer = loadBalancer;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RouteRule other)) {
            return false;
        }
        return Objects.equals(name, other.name)
                && Objects.equals(matches, other.matches)
                && Objects.equals(backends, other.backends)
                && Objects.equals(aggregate, other.aggregate)
                && Objects.equals(rewrite, other.rewrite)
                && Objects.equals(requestHeaders, other.requestHeaders)
                && Objects.equals(responseHeaders, other.responseHeaders)
                && Objects.equals(timeout, other.timeout)
                && Objects.equals(retries, other.retries)
                && Objects.equals(loadBalancer, other.loadBalancer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, matches, backends, aggregate, rewrite, requestHeaders, responseHeaders, timeout, retries, loadBalancer);
    }

    @Override
    public String toString() {
        return "RouteRule{" + "name=" + name
                + ", matches=" + matches
                + ", backends=" + backends
                + ", aggregate=" + aggregate
                + ", rewrite=" + rewrite
                + ", requestHeaders=" + requestHeaders
                + ", responseHeaders=" + responseHeaders
                + ", timeout=" + timeout
                + ", retries=" + retries
                + ", loadBalancer=" + loadBalancer + "}";
    }
}
