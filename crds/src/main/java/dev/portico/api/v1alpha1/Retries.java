package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * Retry policy of a rule.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = YamlBooleanKeyAlias.class, input = "on")
public class Retries {

    @JsonPropertyDescription("Number of retries after the first try; 0 disables retries.")
    @Required
    @Min(0)
    private Integer attempts;

    @JsonPropertyDescription("Time allowed for each try, as a duration such as 2s. Default: the rule's timeout.")
    @Pattern(SchemaPatterns.DURATION)
    @Size(max = 32)
    private String perTryTimeout;

    @JsonPropertyDescription("Failures that are retried: ConnectFailure, Reset, GatewayError (502, 503, 504). An unquoted on: key reaches the server as true (kubectl reads YAML 1.1) and is accepted too.")
    @Size(min = 0, max = 8)
    @JsonAlias("true")
    private List<RetryOn> on;

    @JsonPropertyDescription("Upstream status codes that are retried, in addition to 'on'.")
    @Size(min = 0, max = 16)
    private List<@Min(100) @Max(599) Integer> statusCodes;

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getPerTryTimeout() {
        return perTryTimeout;
    }

    public void setPerTryTimeout(String perTryTimeout) {
        this.perTryTimeout = perTryTimeout;
    }

    public List<RetryOn> getOn() {
        return on;
    }

    public void setOn(List<RetryOn> on) {
        this.on = on;
    }

    public List<Integer> getStatusCodes() {
        return statusCodes;
    }

    public void setStatusCodes(List<Integer> statusCodes) {
        this.statusCodes = statusCodes;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Retries other)) {
            return false;
        }
        return Objects.equals(attempts, other.attempts)
                && Objects.equals(perTryTimeout, other.perTryTimeout)
                && Objects.equals(on, other.on)
                && Objects.equals(statusCodes, other.statusCodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attempts, perTryTimeout, on, statusCodes);
    }

    @Override
    public String toString() {
        return "Retries{" + "attempts=" + attempts
                + ", perTryTimeout=" + perTryTimeout
                + ", on=" + on
                + ", statusCodes=" + statusCodes + "}";
    }
}
