package dev.portico.operator.status;

import dev.portico.operator.translate.ConditionFact;

/**
 * The {@code Programmed} verdict of one object and the data-plane counts behind it.
 *
 * @param snapshotVersion the version from which on the object's current content is served; 0 when none
 */
public record Programmed(ConditionFact condition, int ready, int total, long snapshotVersion) {
    public static final String TYPE = "Programmed";
    public static final String PROGRAMMED = "Programmed";
    public static final String NO_DATA_PLANES = "NoDataPlanes";
    public static final String PENDING = "Pending";
    public static final String REJECTED = "Rejected";

    public String summary() {
        return ready + "/" + total;
    }
}
