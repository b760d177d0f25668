package dev.portico.dataplane.routing;

import dev.portico.snapshot.Route;
import java.util.List;

/**
 * Everything one route compiled to: its rules (with their filters) and every match the route's host
 * tiers index. Kept from one router to the next while the route stays equal, so filter state (rate
 * limit buckets, key rings) survives snapshots that change other routes.
 */
record CompiledRoute(Route route, List<CompiledRule> rules, List<CompiledMatch> matches) {
    CompiledRoute {
        rules = List.copyOf(rules);
        matches = List.copyOf(matches);
    }
}
