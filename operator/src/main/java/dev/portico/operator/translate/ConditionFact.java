package dev.portico.operator.translate;

/**
 * What one status condition should say; the runtime turns it into a {@code metav1.Condition} with
 * {@code observedGeneration} and a {@code lastTransitionTime} that moves only when {@code status} does.
 *
 * @param status "True" or "False", as Kubernetes spells it
 */
public record ConditionFact(String type, String status, String reason, String message) {

    public static final String ACCEPTED = "Accepted";
    public static final String RESOLVED_REFS = "ResolvedRefs";

    public static ConditionFact holds(String type, String reason, String message) {
        return new ConditionFact(type, "True", reason, message);
    }

    public static ConditionFact fails(String type, String reason, String message) {
        return new ConditionFact(type, "False", reason, message);
    }

    public boolean satisfied() {
        return "True".equals(status);
    }
}
