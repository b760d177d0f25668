package dev.portico.dataplane.routing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why no rule took a request, for its 404: when rules fit its host and path, what of the request they did not
 * match (its method, naming those they take, or its headers or query); else just its host and path.
 */
final class RouteMiss {
    private RouteMiss() {
    }

    /** @param fits the matches whose host and path fit the request, their predicates aside */
    static String message(RouteRequest request, List<CompiledMatch> fits) {
        if (fits.isEmpty()) {
            return "no route matches host \"" + request.host() + "\" and path \"" + request.path() + "\"";
        }
        String missed = "no route matches " + request.method() + " " + request.path() + " on host \""
                + request.host() + "\" ";
        Set<CompiledRule> methodFits = new LinkedHashSet<>();
        Set<CompiledRule> rules = new LinkedHashSet<>();
        Set<String> methods = new TreeSet<>();
        for (CompiledMatch m : fits) {
            rules.add(m.rule());
            if (m.method() == null || m.method().equals(request.method())) {
                methodFits.add(m.rule());
            } else {
                methods.add(m.method());
            }
        }
        if (!methodFits.isEmpty()) {
            return missed + (methodFits.size() == 1 ? "(a rule matches" : "(rules match")
                    + " this path, but not the request's headers or query)";
        }
        return missed + (rules.size() == 1 ? "(a rule matches" : "(rules match") + " this path for "
                + String.join(", ", methods) + ")";
    }
}
