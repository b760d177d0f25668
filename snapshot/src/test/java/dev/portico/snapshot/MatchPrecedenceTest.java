package dev.portico.snapshot;

import dev.portico.snapshot.MatchPrecedence.Candidate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MatchPrecedenceTest {

    private static Candidate candidate(String route, String created, int ruleIndex, RouteMatch match) {
        Rule rule = new Rule("r" + ruleIndex, ruleIndex, List.of(match), List.of(), null, null, null, null, 0, null,
                null, List.of(), 0);
        return new Candidate(new Route("ns", route, 1, created, List.of(), null, List.of(rule)), rule, match);
    }

    private static List<String> ordered(Candidate... candidates) {
        List<Candidate> list = new ArrayList<>(List.of(candidates));
        list.sort(MatchPrecedence.ORDER);
        return list.stream().map(c -> c.route().name() + "#" + c.rule().index()).toList();
    }

    @Test
    void exactThenTemplateThenLongestPrefixThenRegex() {
        String t = "2026-01-01T00:00:00Z";
        assertThat(ordered(
                candidate("regex", t, 0, RouteMatch.path(new PathMatch(PathMatch.Type.RegularExpression, "/api/.*"))),
                candidate("short", t, 0, RouteMatch.path(PathMatch.prefix("/api"))),
                candidate("long", t, 0, RouteMatch.path(PathMatch.prefix("/api/users"))),
                candidate("template", t, 0, RouteMatch.path(PathMatch.template("/api/users/{id}"))),
                candidate("exact", t, 0, RouteMatch.path(PathMatch.exact("/api/users/1")))))
                .containsExactly("exact#0", "template#0", "long#0", "short#0", "regex#0");
    }

    @Test
    void templateWithMoreLiteralCharactersWins() {
        String t = "2026-01-01T00:00:00Z";
        assertThat(ordered(
                candidate("vars", t, 0, RouteMatch.path(PathMatch.template("/api/{a}/{b}"))),
                candidate("literal", t, 0, RouteMatch.path(PathMatch.template("/api/users/{b}")))))
                .containsExactly("literal#0", "vars#0");
    }

    @Test
    void methodThenHeadersThenQueryThenAgeThenNameThenRuleOrder() {
        PathMatch p = PathMatch.prefix("/api");
        ValueMatch h = new ValueMatch("X-A", ValueMatch.Type.Present, null);
        assertThat(ordered(
                candidate("b-young", "2026-02-01T00:00:00Z", 1, RouteMatch.path(p)),
                candidate("b-young", "2026-02-01T00:00:00Z", 0, RouteMatch.path(p)),
                candidate("a-young", "2026-02-01T00:00:00Z", 0, RouteMatch.path(p)),
                candidate("old", "2026-01-01T00:00:00Z", 0, RouteMatch.path(p)),
                candidate("query", "2026-03-01T00:00:00Z", 0, new RouteMatch(p, null, List.of(), List.of(h))),
                candidate("header", "2026-03-01T00:00:00Z", 0, new RouteMatch(p, null, List.of(h), List.of())),
                candidate("method", "2026-03-01T00:00:00Z", 0, new RouteMatch(p, "GET", List.of(), List.of()))))
                .containsExactly("method#0", "header#0", "query#0", "old#0", "a-young#0", "b-young#0", "b-young#1");
    }

    @Test
    void prefixTrailingSlashIsNotSignificant() {
        assertThat(PathMatch.prefix("/api/")).isEqualTo(PathMatch.prefix("/api"));
        assertThat(PathMatch.prefix("/")).isEqualTo(new PathMatch(PathMatch.Type.PathPrefix, "/"));
    }

    @Test
    void templateVariablesAreListedInOrder() {
        assertThat(PathMatch.template("/api/{tenant}/users/{userId}").variables()).containsExactly("tenant", "userId");
        assertThat(PathMatch.prefix("/api/{x}").variables()).isEmpty();
    }
}
