package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;
import java.util.Objects;

/**
 * Observed state of a {@link RateLimitPolicy}, written by the operator only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaOverlay.class, input = ConditionSchema.CONDITION_DESCRIPTIONS)
public class RateLimitPolicyStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Accepted, ResolvedRefs (targets exist) and Programmed conditions.")
    private List<Condition> conditions;

    @JsonPropertyDescription("Set only while the current generation is refused (Accepted False): the last accepted "
            + "generation, which is served instead.")
    private LastAcceptedPolicy lastAccepted;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public LastAcceptedPolicy getLastAccepted() {
        return lastAccepted;
    }

    public void setLastAccepted(LastAcceptedPolicy lastAccepted) {
        this.lastAccepted = lastAccepted;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RateLimitPolicyStatus other)) {
            return false;
        }
        return Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(lastAccepted, other.lastAccepted);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions, lastAccepted);
    }

    @Override
    public String toString() {
        return "RateLimitPolicyStatus{" + "observedGeneration=" + observedGeneration
                + ", conditions=" + conditions
                + ", lastAccepted=" + lastAccepted + "}";
    }
}
