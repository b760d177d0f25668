package dev.portico.dataplane.filter;

import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;

/**
 * Builds a rule's filter when a snapshot is compiled. Runs off the request path, once per rule per
 * snapshot; a thrown exception rejects the snapshot (its message should name the field).
 */
@FunctionalInterface
public interface RouteFilterFactory {
    /** @return the filter for this rule, or null when the rule does not need one */
    RouteFilter create(Route route, Rule rule);
}
