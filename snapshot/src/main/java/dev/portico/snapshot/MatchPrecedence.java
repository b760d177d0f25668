package dev.portico.snapshot;

import java.util.Comparator;

/**
 * The precedence of api-v1alpha1.md among matches that all fit one request on one host: Exact path,
 * then Template with the most literal characters, then the longest PathPrefix, then RegularExpression;
 * then a method match, most header matches, most query matches; then the oldest route, then
 * {@code namespace/name}, then rule order. Host precedence is the router's host index's business.
 */
public final class MatchPrecedence {

    /** One match of one rule of one route: the unit that the router orders. */
    public record Candidate(Route route, Rule rule, RouteMatch match) {
    }

    public static final Comparator<Candidate> ORDER = Comparator
            .comparingInt((Candidate c) -> pathRank(c.match().path().type()))
            .thenComparing(c -> -c.match().path().literalLength())
            .thenComparing(c -> c.match().method() == null ? 1 : 0)
            .thenComparing(c -> -c.match().headers().size())
            .thenComparing(c -> -c.match().queryParams().size())
            .thenComparing(c -> c.route().creationTimestamp())
            .thenComparing(c -> c.route().id())
            .thenComparingInt(c -> c.rule().index());

    private MatchPrecedence() {
    }

    static int pathRank(PathMatch.Type type) {
        return switch (type) {
            case Exact -> 0;
            case Template -> 1;
            case PathPrefix -> 2;
            case RegularExpression -> 3;
        };
    }
}
