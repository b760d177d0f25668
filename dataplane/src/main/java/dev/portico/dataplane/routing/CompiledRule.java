package dev.portico.dataplane.routing;

import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import java.util.List;

/**
 * A rule ready to serve: the route and rule it came from and the filters that run before the
 * request is proxied (auth, rate limits, ...), in order.
 *
 * @param id {@code namespace/name/ruleName-or-index}, the label used in metrics and logs
 */
public record CompiledRule(String id, Route route, Rule rule, List<RouteFilter> filters) {
    public CompiledRule {
        filters = List.copyOf(filters);
    }

    /** Every filter can run on the HTTP/1 forward path ({@link RouteFilter#readsHeadOnly}); true without filters. */
    public boolean filtersReadHeadOnly() {
        for (RouteFilter f : filters) {
            if (!f.readsHeadOnly()) {
                return false;
            }
        }
        return true;
    }

    public String ruleName() {
        return rule.name() == null || rule.name().isEmpty() ? String.valueOf(rule.index()) : rule.name();
    }
}
