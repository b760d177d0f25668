package dev.portico.dataplane.routing;

import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A rule ready to serve: the route and rule it came from and the filters that run before the
 * request is proxied (auth, rate limits, ...), in order.
 *
 * @param id {@code namespace/name/ruleName-or-index}, the label used in metrics and logs
 * @param identityHeaders see {@link #identityHeaders(Route)}
 * @param filtersReadHeadOnly every filter can run on the HTTP/1 forward path ({@link RouteFilter#readsHeadOnly});
 *        true without filters. Decided once per rule, not per request.
 */
public record CompiledRule(String id, Route route, Rule rule, List<RouteFilter> filters, Set<String> identityHeaders,
        boolean filtersReadHeadOnly) {
    public CompiledRule {
        filters = List.copyOf(filters);
        identityHeaders = Set.copyOf(identityHeaders);
    }

    public CompiledRule(String id, Route route, Rule rule, List<RouteFilter> filters) {
        this(id, route, rule, filters, identityHeaders(route), filters.stream().allMatch(RouteFilter::readsHeadOnly));
    }

    /**
     * Lower-case names of the headers auth sets from token claims ({@code claimsToHeaders}): never taken from the
     * client. Made once per rule here, not per request.
     */
    private static Set<String> identityHeaders(Route route) {
        if (route.auth() == null || route.auth().jwt() == null || route.auth().jwt().claimsToHeaders().isEmpty()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        route.auth().jwt().claimsToHeaders().forEach(c -> names.add(c.header().toLowerCase(Locale.ROOT)));
        return names;
    }

    public String ruleName() {
        return rule.name() == null || rule.name().isEmpty() ? String.valueOf(rule.index()) : rule.name();
    }
}
