package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/**
 * The generation of a {@link RateLimitPolicy} that is served while its current one is refused, with its spec as it was
 * accepted; kept in status so that it survives an operator restart or leader change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LastAcceptedPolicy {

    @JsonPropertyDescription("The metadata.generation that is served.")
    private Long generation;

    @JsonPropertyDescription("Its spec, as accepted.")
    private RateLimitPolicySpec spec;

    public LastAcceptedPolicy() {
    }

    public LastAcceptedPolicy(Long generation, RateLimitPolicySpec spec) {
        this.generation = generation;
        this.spec = spec;
    }

    public Long getGeneration() {
        return generation;
    }

    public void setGeneration(Long generation) {
        this.generation = generation;
    }

    public RateLimitPolicySpec getSpec() {
        return spec;
    }

    public void setSpec(RateLimitPolicySpec spec) {
        this.spec = spec;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LastAcceptedPolicy other)) {
            return false;
        }
        return Objects.equals(generation, other.generation) && Objects.equals(spec, other.spec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(generation, spec);
    }

    @Override
    public String toString() {
        return "LastAcceptedPolicy{generation=" + generation + ", spec=" + spec + "}";
    }
}
