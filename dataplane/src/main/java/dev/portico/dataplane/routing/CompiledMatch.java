package dev.portico.dataplane.routing;

import dev.portico.snapshot.MatchPrecedence;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.ValueMatch;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One match of one rule with its method, header and query predicates compiled; the path part is
 * the index's business. Ordered by {@link MatchPrecedence#ORDER} through {@link #candidate()}, then by
 * {@link #position()}.
 */
final class CompiledMatch {
    private final MatchPrecedence.Candidate candidate;
    private final CompiledRule rule;
    private final int position;
    private final String method;
    private final List<ValuePredicate> headers;
    private final List<ValuePredicate> query;
    private final Pattern pathRegex;
    private final RouteHit fixedHit;

    CompiledMatch(MatchPrecedence.Candidate candidate, CompiledRule rule, int position) {
        this.candidate = candidate;
        this.rule = rule;
        this.position = position;
        RouteMatch m = candidate.match();
        this.method = m.method();
        this.headers = m.headers().stream().map(ValuePredicate::new).toList();
        this.query = m.queryParams().stream().map(ValuePredicate::new).toList();
        this.pathRegex = m.path().type() == dev.portico.snapshot.PathMatch.Type.RegularExpression
                ? Pattern.compile(m.path().value()) : null;
        this.fixedHit = new RouteHit(rule, m, Map.of(), m.path().value());
    }

    /**
     * What a lookup that this Exact or PathPrefix match wins returns: no captures, and its own path value as the
     * matched prefix (the whole path for Exact). Made once, not per request.
     */
    RouteHit fixedHit() {
        return fixedHit;
    }

    MatchPrecedence.Candidate candidate() {
        return candidate;
    }

    /** Index among its rule's matches: orders two matches of one rule that precedence cannot tell apart. */
    int position() {
        return position;
    }

    CompiledRule rule() {
        return rule;
    }

    RouteMatch match() {
        return candidate.match();
    }

    /** The method this match requires, or null for any. */
    String method() {
        return method;
    }

    boolean pathRegexMatches(String path) {
        return pathRegex.matcher(path).matches();
    }

    /** Method, headers and query: everything but the path. */
    boolean predicatesHold(RouteRequest request) {
        if (method != null && !method.equals(request.method())) {
            return false;
        }
        for (int i = 0; i < headers.size(); i++) { // indexed: no iterator per request on the hot path
            ValuePredicate h = headers.get(i);
            if (!h.test(request.header(h.name))) {
                return false;
            }
        }
        for (int i = 0; i < query.size(); i++) {
            ValuePredicate q = query.get(i);
            if (!q.test(request.queryParam(q.name))) {
                return false;
            }
        }
        return true;
    }

    private static final class ValuePredicate {
        final String name;
        final ValueMatch.Type type;
        final String value;
        final Pattern regex;

        ValuePredicate(ValueMatch m) {
            this.name = m.name();
            this.type = m.type();
            this.value = m.value();
            this.regex = m.type() == ValueMatch.Type.RegularExpression ? Pattern.compile(m.value()) : null;
        }

        boolean test(String actual) {
            if (actual == null) {
                return false;
            }
            return switch (type) {
                case Present -> true;
                case Exact -> actual.equals(value);
                case RegularExpression -> regex.matcher(actual).matches();
            };
        }
    }
}
