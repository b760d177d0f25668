package dev.portico.dataplane.routing;

import dev.portico.snapshot.RouteMatch;
import java.util.Map;

/**
 * The winner of a lookup.
 *
 * @param captures      Template {@code {var}} values, empty for other path types
 * @param matchedPrefix the part of the path the match consumed, for ReplacePrefixMatch
 */
public record RouteHit(CompiledRule rule, RouteMatch match, Map<String, String> captures, String matchedPrefix) {
}
