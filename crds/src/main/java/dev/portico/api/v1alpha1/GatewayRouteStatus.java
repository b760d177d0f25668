package dev.portico.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;
import java.util.Objects;

/**
 * Observed state of a {@link GatewayRoute}, written by the operator only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaOverlay.class, input = ConditionSchema.CONDITION_DESCRIPTIONS)
public class GatewayRouteStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Accepted, ResolvedRefs and Programmed conditions.")
    private List<Condition> conditions;

    @JsonPropertyDescription("How many data planes of the route's gateway serve this generation.")
    private DataPlaneStatus dataPlanes;

    @JsonPropertyDescription("Ready endpoints of every backend the route uses.")
    private List<BackendStatus> backends;

    @JsonPropertyDescription("Set only while the current generation is refused (Accepted False): the last accepted "
            + "generation, which is served instead.")
    private LastAcceptedRoute lastAccepted;

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

    public DataPlaneStatus getDataPlanes() {
        return dataPlanes;
    }

    public void setDataPlanes(DataPlaneStatus dataPlanes) {
        this.dataPlanes = dataPlanes;
    }

    public List<BackendStatus> getBackends() {
        return backends;
    }

    public void setBackends(List<BackendStatus> backends) {
        this.backends = backends;
    }

    public LastAcceptedRoute getLastAccepted() {
        return lastAccepted;
    }

    public void setLastAccepted(LastAcceptedRoute lastAccepted) {
        this.lastAccepted = lastAccepted;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GatewayRouteStatus other)) {
            return false;
        }
        return Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(dataPlanes, other.dataPlanes)
                && Objects.equals(backends, other.backends)
                && Objects.equals(lastAccepted, other.lastAccepted);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions, dataPlanes, backends, lastAccepted);
    }

    @Override
    public String toString() {
        return "GatewayRouteStatus{" + "observedGeneration=" + observedGeneration
                + ", conditions=" + conditions
                + ", dataPlanes=" + dataPlanes
                + ", backends=" + backends
                + ", lastAccepted=" + lastAccepted + "}";
    }
}
