package dev.portico.snapshot;

import java.util.Comparator;
import java.util.List;

/** One match of a rule; all of its parts must hold (AND). {@code method} null means any method. */
public record RouteMatch(PathMatch path, String method, List<ValueMatch> headers, List<ValueMatch> queryParams) {

    public RouteMatch {
        if (path == null) {
            path = PathMatch.prefix("/");
        }
        headers = Canonical.sorted(headers, Comparator.comparing(ValueMatch::name, String.CASE_INSENSITIVE_ORDER));
        queryParams = Canonical.sorted(queryParams, Comparator.comparing(ValueMatch::name));
    }

    public static RouteMatch path(PathMatch path) {
        return new RouteMatch(path, null, List.of(), List.of());
    }
}
