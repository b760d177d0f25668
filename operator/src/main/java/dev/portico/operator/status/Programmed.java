package dev.portico.operator.status;

import dev.portico.operator.translate.ConditionFact;

/**
 * The {@code Programmed} verdict of one object and the data-plane counts behind it.
 *
 * @param snapshotVersion the version from which on the object's served content is served; 0 when none
 * @param summary         {@code status.dataPlanes.summary} (the DATAPLANES column), e.g. {@code 2/2}
 */
public record Programmed(ConditionFact condition, int ready, int total, long snapshotVersion, String summary) {
    public static final String TYPE = "Programmed";
    public static final String PROGRAMMED = "Programmed";
    public static final String NO_DATA_PLANES = "NoDataPlanes";
    /** Not yet acknowledged by every data plane of the group. */
    public static final String PENDING = "Pending";
    public static final String REJECTED = "Rejected";
    /** The current generation is not accepted: nothing of it is served (its last accepted one may be). */
    public static final String NOT_ACCEPTED = "NotAccepted";
    /** A RateLimitPolicy none of whose target routes is served, so none of its limits is enforced. */
    public static final String TARGET_NOT_SERVED = "TargetNotServed";
    /** A {@code scope: Global} policy served by data planes without Redis: each counts its limits alone. */
    public static final String COUNTERS_NOT_SHARED = "CountersNotShared";
    /** A {@code scope: Global} policy served by data planes whose Redis does not answer: failureMode decides there. */
    public static final String COUNTERS_UNAVAILABLE = "CountersUnavailable";
    /** A route whose {@code auth.jwt.jwks.uri} gives some data plane no usable key: it refuses every token. */
    public static final String JWKS_UNAVAILABLE = "JwksUnavailable";

    public Programmed(ConditionFact condition, int ready, int total, long snapshotVersion) {
        this(condition, ready, total, snapshotVersion, ready + "/" + total);
    }
}
