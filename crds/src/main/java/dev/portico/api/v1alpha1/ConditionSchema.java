package dev.portico.api.v1alpha1;

/**
 * Schema additions merged into the generated CRDs where the Java types cannot carry them:
 * descriptions of Fabric8's {@code Condition} fields, and the top-level descriptions shown by
 * {@code kubectl explain}.
 */
final class ConditionSchema {

    /** JSON merge patch for a status class that has a {@code conditions} list. */
    static final String CONDITION_DESCRIPTIONS = "{\"properties\":{\"conditions\":{\"items\":{"
            + "\"description\":\"A metav1.Condition.\",\"properties\":{"
            + "\"type\":{\"description\":\"Accepted, ResolvedRefs or Programmed.\"},"
            + "\"status\":{\"description\":\"True, False or Unknown.\"},"
            + "\"reason\":{\"description\":\"CamelCase reason of the last transition, for example BackendNotFound.\"},"
            + "\"message\":{\"description\":\"Human-readable detail that names the object and field at fault.\"},"
            + "\"observedGeneration\":{\"description\":\"The metadata.generation this condition was computed from.\"},"
            + "\"lastTransitionTime\":{\"description\":\"When status last changed.\"}"
            + "}}}}}";

    private ConditionSchema() {
    }
}
