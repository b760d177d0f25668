package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;
import java.util.Objects;

/**
 * Desired state of a {@link RateLimitPolicy}: the routes or rules it limits and its limits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimitPolicySpec {

    @JsonPropertyDescription("Routes or rules this policy limits (1 to 16), in the policy's namespace.")
    @Required
    @Size(min = 1, max = 16)
    private List<PolicyTargetRef> targetRefs;

    @JsonPropertyDescription("Local: each data plane counts alone. Global: counters shared in Redis. Default Local.")
    @Default("Local")
    private RateLimitScope scope;

    @JsonPropertyDescription("Global only, when Redis is unreachable: Open lets requests through, Closed answers 503. Default Open.")
    @Default("Open")
    private FailureMode failureMode;

    @JsonPropertyDescription("Limits (1 to 16); a request is rejected when any matching limit is exhausted.")
    @Required
    @Size(min = 1, max = 16)
    private List<RequestLimit> limits;

    public List<PolicyTargetRef> getTargetRefs() {
        return targetRefs;
    }

    public void setTargetRefs(List<PolicyTargetRef> targetRefs) {
        this.targetRefs = targetRefs;
    }

    public RateLimitScope getScope() {
        return scope;
    }

    public void setScope(RateLimitScope scope) {
        this.scope = scope;
    }

    public FailureMode getFailureMode() {
        return failureMode;
    }

    public void setFailureMode(FailureMode failureMode) {
        this.failureMode = failureMode;
    }

    public List<RequestLimit> getLimits() {
        return limits;
    }

    public void setLimits(List<RequestLimit> limits) {
        this.limits = limits;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RateLimitPolicySpec other)) {
            return false;
        }
        return Objects.equals(targetRefs, other.targetRefs)
                && Objects.equals(scope, other.scope)
                && Objects.equals(failureMode, other.failureMode)
                && Objects.equals(limits, other.limits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(targetRefs, scope, failureMode, limits);
    }

    @Override
    public String toString() {
        return "RateLimitPolicySpec{" + "targetRefs=" + targetRefs
                + ", scope=" + scope
                + ", failureMode=" + failureMode
                + ", limits=" + limits + "}";
    }
}
