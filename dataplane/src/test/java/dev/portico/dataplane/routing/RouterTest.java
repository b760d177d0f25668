package dev.portico.dataplane.routing;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.rule;
import static dev.portico.dataplane.Snapshots.snapshot;
import static dev.portico.snapshot.PathMatch.Type.Exact;
import static dev.portico.snapshot.PathMatch.Type.PathPrefix;
import static dev.portico.snapshot.PathMatch.Type.RegularExpression;
import static dev.portico.snapshot.PathMatch.Type.Template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.snapshot.Route;
import dev.portico.snapshot.ValueMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final String T0 = "2024-01-01T00:00:00Z";
    private static final String T1 = "2024-06-01T00:00:00Z";

    private static Router router(Route... routes) {
        return new RouterCompiler().compile(snapshot(1, List.of(routes), List.of(cluster("c", 1))));
    }

    private static String ruleAt(Router r, String host, String method, String path) {
        return ruleAt(r, host, method, path, Map.of(), null);
    }

    private static String ruleAt(Router r, String host, String method, String path, Map<String, String> headers,
            String query) {
        RouteHit hit = r.route(new RouteRequest(host, path, method, n -> headers.get(n.toLowerCase()), query));
        return hit == null ? null : hit.rule().rule().name();
    }

    private static String whyNoRoute(Router r, String host, String method, String path) {
        RouteRequest request = new RouteRequest(host, path, method, n -> null, null);
        assertThat(r.route(request)).isNull();
        return r.whyNoRoute(request);
    }

    @Test
    void aMissNamesTheMethodsOfRulesThatFitItsHostAndPathInEveryHostTier() {
        Router r = router(
                route("ns", "wild", T0, List.of("*.shop.example"),
                        rule("get", 0, List.of(match(Template, "/items/{id}", "GET", List.of(), List.of())), "c")),
                route("ns", "any", T0, List.of(),
                        rule("put", 0, List.of(match(PathPrefix, "/items", "PUT", List.of(), List.of())), "c")),
                route("ns", "exact", T0, List.of("a.shop.example"),
                        rule("head", 0, List.of(match(Exact, "/items/7", "HEAD", List.of(), List.of()),
                                match(RegularExpression, "/items/[0-9]+", "PUT", List.of(), List.of())), "c")));
        assertThat(whyNoRoute(r, "a.shop.example", "DELETE", "/items/7")).isEqualTo(
                "no route matches DELETE /items/7 on host \"a.shop.example\" "
                        + "(rules match this path for GET, HEAD, PUT)");
        assertThat(whyNoRoute(r, "elsewhere.example", "DELETE", "/items/7/x")).isEqualTo(
                "no route matches DELETE /items/7/x on host \"elsewhere.example\" "
                        + "(a rule matches this path for PUT)");
        assertThat(whyNoRoute(r, "a.shop.example", "DELETE", "/orders"))
                .isEqualTo("no route matches host \"a.shop.example\" and path \"/orders\"");
    }

    @Test
    void aMissWhereTheMethodFitsBlamesHeadersOrQuery() {
        ValueMatch header = new ValueMatch("X-A", ValueMatch.Type.Present, null);
        ValueMatch flag = new ValueMatch("flag", ValueMatch.Type.Present, null);
        Router r = router(route("ns", "a", T0, List.of(),
                rule("h", 0, List.of(match(PathPrefix, "/h", null, List.of(header), List.of()),
                        match(PathPrefix, "/h", "POST", List.of(), List.of())), "c"),
                rule("q", 1, List.of(match(PathPrefix, "/h", "GET", List.of(), List.of(flag))), "c")));
        assertThat(whyNoRoute(r, "h", "GET", "/h/x")).isEqualTo("no route matches GET /h/x on host \"h\" "
                + "(rules match this path, but not the request's headers or query)");
        assertThat(whyNoRoute(r, "h", "PUT", "/h/x")).isEqualTo("no route matches PUT /h/x on host \"h\" "
                + "(a rule matches this path, but not the request's headers or query)");
    }

    @Test
    void prefixMatchStopsAtSegmentBoundary() {
        Router r = router(route("ns", "a", T0, List.of(), rule("api", 0, List.of(match(PathPrefix, "/api")), "c")));
        assertThat(ruleAt(r, "h", "GET", "/api")).isEqualTo("api");
        assertThat(ruleAt(r, "h", "GET", "/api/")).isEqualTo("api");
        assertThat(ruleAt(r, "h", "GET", "/api/x/y")).isEqualTo("api");
        assertThat(ruleAt(r, "h", "GET", "/apix")).isNull();
    }

    @Test
    void trailingSlashOnPrefixValueIsIgnored() {
        Router r = router(route("ns", "a", T0, List.of(), rule("api", 0, List.of(match(PathPrefix, "/api/")), "c")));
        assertThat(ruleAt(r, "h", "GET", "/api")).isEqualTo("api");
        assertThat(ruleAt(r, "h", "GET", "/api/v1")).isEqualTo("api");
    }

    @Test
    void exactIsCaseSensitiveAndWholePath() {
        Router r = router(route("ns", "a", T0, List.of(), rule("e", 0, List.of(match(Exact, "/Login")), "c")));
        assertThat(ruleAt(r, "h", "GET", "/Login")).isEqualTo("e");
        assertThat(ruleAt(r, "h", "GET", "/login")).isNull();
        assertThat(ruleAt(r, "h", "GET", "/Login/x")).isNull();
    }

    @Test
    void exactBeatsTemplateBeatsPrefixBeatsRegex() {
        Router r = router(route("ns", "a", T0, List.of(),
                rule("regex", 0, List.of(match(RegularExpression, "/users/.*")), "c"),
                rule("prefix", 1, List.of(match(PathPrefix, "/users")), "c"),
                rule("template", 2, List.of(match(Template, "/users/{id}")), "c"),
                rule("exact", 3, List.of(match(Exact, "/users/me")), "c")));
        assertThat(ruleAt(r, "h", "GET", "/users/me")).isEqualTo("exact");
        assertThat(ruleAt(r, "h", "GET", "/users/42")).isEqualTo("template");
        assertThat(ruleAt(r, "h", "GET", "/users/42/orders")).isEqualTo("prefix");
        assertThat(ruleAt(r, "h", "GET", "/users")).isEqualTo("prefix");
    }

    @Test
    void regexIsFullMatchAndUsedLast() {
        Router r = router(route("ns", "a", T0, List.of(),
                rule("regex", 0, List.of(match(RegularExpression, "/v[0-9]+/items")), "c")));
        assertThat(ruleAt(r, "h", "GET", "/v2/items")).isEqualTo("regex");
        assertThat(ruleAt(r, "h", "GET", "/v2/items/x")).isNull();
        assertThat(ruleAt(r, "h", "GET", "/x/v2/items")).isNull();
    }

    @Test
    void templateWithMoreLiteralCharactersWinsAndCapturesVariables() {
        Router r = router(route("ns", "a", T0, List.of(),
                rule("generic", 0, List.of(match(Template, "/{kind}/{id}")), "c"),
                rule("users", 1, List.of(match(Template, "/users/{id}")), "c")));
        RouteHit hit = r.route(new RouteRequest("h", "/users/7", "GET", n -> null, null));
        assertThat(hit.rule().rule().name()).isEqualTo("users");
        assertThat(hit.captures()).containsExactly(Map.entry("id", "7"));
        RouteHit other = r.route(new RouteRequest("h", "/orders/9", "GET", n -> null, null));
        assertThat(other.captures()).containsEntry("kind", "orders").containsEntry("id", "9");
    }

    @Test
    void templateVariableNeedsOneNonEmptySegment() {
        Router r = router(route("ns", "a", T0, List.of(), rule("t", 0, List.of(match(Template, "/u/{id}")), "c")));
        assertThat(ruleAt(r, "h", "GET", "/u/")).isNull();
        assertThat(ruleAt(r, "h", "GET", "/u/1/2")).isNull();
        assertThat(ruleAt(r, "h", "GET", "/u/1")).isEqualTo("t");
    }

    @Test
    void emptySegmentsAndSlashesAreWalkedAsThePathIsCut() {
        Router r = router(route("ns", "a", T0, List.of(),
                rule("root", 0, List.of(match(PathPrefix, "/")), "c"),
                rule("api", 1, List.of(match(PathPrefix, "/api")), "c"),
                rule("v1", 2, List.of(match(PathPrefix, "/api/v1")), "c")));
        assertThat(ruleAt(r, "h", "GET", "/")).isEqualTo("root");
        assertThat(ruleAt(r, "h", "GET", "//")).isEqualTo("root");
        assertThat(ruleAt(r, "h", "GET", "/api//v1")).isEqualTo("api"); // an empty segment is not "v1"
        assertThat(ruleAt(r, "h", "GET", "/api/v1/")).isEqualTo("v1");
        assertThat(ruleAt(r, "h", "GET", "/api/v1//")).isEqualTo("v1");
        assertThat(ruleAt(r, "h", "GET", "/api/v1x")).isEqualTo("api");
        assertThat(ruleAt(r, "h", "GET", "api/v1")).isEqualTo("v1");
    }

    @Test
    void longestPrefixWins() {
        Router r = router(route("ns", "a", T0, List.of(),
                rule("short", 0, List.of(match(PathPrefix, "/api")), "c"),
                rule("long", 1, List.of(match(PathPrefix, "/api/v1")), "c"),
                rule("root", 2, List.of(match(PathPrefix, "/")), "c")));
        assertThat(ruleAt(r, "h", "GET", "/api/v1/x")).isEqualTo("long");
        assertThat(ruleAt(r, "h", "GET", "/api/v2")).isEqualTo("short");
        assertThat(ruleAt(r, "h", "GET", "/other")).isEqualTo("root");
    }

    @Test
    void methodMatchThenMostHeadersThenMostQueryParams() {
        Router r = router(route("ns", "a", T0, List.of(),
                rule("plain", 0, List.of(match(PathPrefix, "/p")), "c"),
                rule("get", 1, List.of(match(PathPrefix, "/p", "GET", List.of(), List.of())), "c"),
                rule("getV2", 2, List.of(match(PathPrefix, "/p", "GET",
                        List.of(new ValueMatch("x-version", ValueMatch.Type.Exact, "2")), List.of())), "c"),
                rule("getV2Debug", 3, List.of(match(PathPrefix, "/p", "GET",
                        List.of(new ValueMatch("x-version", ValueMatch.Type.Exact, "2")),
                        List.of(new ValueMatch("debug", ValueMatch.Type.Present, null)))), "c")));
        assertThat(ruleAt(r, "h", "POST", "/p")).isEqualTo("plain");
        assertThat(ruleAt(r, "h", "GET", "/p")).isEqualTo("get");
        assertThat(ruleAt(r, "h", "GET", "/p", Map.of("x-version", "2"), null)).isEqualTo("getV2");
        assertThat(ruleAt(r, "h", "GET", "/p", Map.of("x-version", "2"), "debug")).isEqualTo("getV2Debug");
        assertThat(ruleAt(r, "h", "GET", "/p", Map.of("x-version", "3"), "debug")).isEqualTo("get");
    }

    @Test
    void headerAndQueryRegexMustMatchWholeValue() {
        Router r = router(route("ns", "a", T0, List.of(), rule("r", 0, List.of(match(PathPrefix, "/", null,
                List.of(new ValueMatch("x-tier", ValueMatch.Type.RegularExpression, "gold|silver")),
                List.of(new ValueMatch("q", ValueMatch.Type.RegularExpression, "[a-z]+")))), "c")));
        assertThat(ruleAt(r, "h", "GET", "/", Map.of("x-tier", "gold"), "q=abc")).isEqualTo("r");
        assertThat(ruleAt(r, "h", "GET", "/", Map.of("x-tier", "golden"), "q=abc")).isNull();
        assertThat(ruleAt(r, "h", "GET", "/", Map.of("x-tier", "gold"), "q=ab1")).isNull();
    }

    @Test
    void olderRouteThenNameThenRuleOrderBreakTies() {
        Router older = router(route("ns", "zeta", T0, List.of(), rule("old", 0, List.of(match(PathPrefix, "/")), "c")),
                route("ns", "alpha", T1, List.of(), rule("new", 0, List.of(match(PathPrefix, "/")), "c")));
        assertThat(ruleAt(older, "h", "GET", "/x")).isEqualTo("old");
        Router byName = router(route("ns", "zeta", T0, List.of(), rule("z", 0, List.of(match(PathPrefix, "/")), "c")),
                route("ns", "alpha", T0, List.of(), rule("a", 0, List.of(match(PathPrefix, "/")), "c")));
        assertThat(ruleAt(byName, "h", "GET", "/x")).isEqualTo("a");
        Router byIndex = router(route("ns", "r", T0, List.of(),
                rule("first", 0, List.of(match(PathPrefix, "/")), "c"),
                rule("second", 1, List.of(match(PathPrefix, "/")), "c")));
        assertThat(ruleAt(byIndex, "h", "GET", "/x")).isEqualTo("first");
    }

    @Test
    void exactHostBeatsWildcardBeatsAnyHost() {
        Router r = router(
                route("ns", "any", T0, List.of(), rule("any", 0, List.of(match(Exact, "/x")), "c")),
                route("ns", "wild", T1, List.of("*.shop.example"), rule("wild", 0, List.of(match(PathPrefix, "/")), "c")),
                route("ns", "deeper", T1, List.of("*.eu.shop.example"), rule("deeper", 0, List.of(match(PathPrefix, "/")), "c")),
                route("ns", "exact", T1, List.of("api.shop.example"), rule("exact", 0, List.of(match(PathPrefix, "/")), "c")));
        assertThat(ruleAt(r, "API.Shop.Example:8443", "GET", "/x")).isEqualTo("exact");
        assertThat(ruleAt(r, "a.shop.example", "GET", "/x")).isEqualTo("wild");
        assertThat(ruleAt(r, "a.b.shop.example", "GET", "/x")).isEqualTo("wild");
        assertThat(ruleAt(r, "a.eu.shop.example", "GET", "/x")).isEqualTo("deeper");
        assertThat(ruleAt(r, "shop.example", "GET", "/x")).isEqualTo("any");
        assertThat(ruleAt(r, "other.example", "GET", "/y")).isNull();
    }

    @Test
    void hostWithoutMatchingRuleFallsBackToLowerHostPrecedence() {
        Router r = router(route("ns", "any", T0, List.of(), rule("any", 0, List.of(match(PathPrefix, "/other")), "c")),
                route("ns", "exact", T0, List.of("api.example"), rule("exact", 0, List.of(match(PathPrefix, "/api")), "c")));
        assertThat(ruleAt(r, "api.example", "GET", "/other/1")).isEqualTo("any");
    }

    @Test
    void invalidRegexIsRejectedNamingRouteAndRule() {
        assertThatThrownBy(() -> router(route("shop", "bad", T0, List.of(),
                rule("broken", 0, List.of(match(RegularExpression, "/(unclosed")), "c"))))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining("route shop/bad rule broken")
                .hasMessageContaining("regular expression");
    }

    @Test
    void hostRewriteWithALineBreakIsRejectedNamingTheField() {
        assertThatThrownBy(() -> router(route("shop", "r", T0, List.of(),
                dev.portico.dataplane.Snapshots.ruleBuilder("x").backend("c", 1)
                        .rewrite(new dev.portico.snapshot.Rewrite(null, "a.example\r\nX-Injected: 1")).build())))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageStartingWith("route shop/r rule x: rewrite.host \"a.example\\r\\nX-Injected: 1\" is not an "
                        + "HTTP field value");
    }

    @Test
    void backendNamingUnknownClusterIsRejected() {
        assertThatThrownBy(() -> router(route("shop", "r", T0, List.of(),
                rule("x", 0, List.of(match(PathPrefix, "/")), "missing"))))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining("cluster \"missing\"");
    }

    @Test
    void lookupFindsTheRightRouteAmongTenThousand() {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            routes.add(route("ns", "r" + i, T0, List.of("h" + (i % 100) + ".example"),
                    rule("rule" + i, 0, List.of(match(PathPrefix, "/svc" + i)), "c")));
        }
        Router r = router(routes.toArray(Route[]::new));
        assertThat(ruleAt(r, "h42.example", "GET", "/svc9942/x")).isEqualTo("rule9942");
        assertThat(ruleAt(r, "h43.example", "GET", "/svc9942/x")).isNull();
    }

    @Test
    void matchesOfOneRuleThatPrecedenceCannotOrderAreTriedInTheirListedOrder() {
        for (List<String> order : List.of(List.of("/u/{b}", "/u/{a}"), List.of("/u/{a}", "/u/{b}"))) {
            Router r = router(route("ns", "a", T0, List.of(), rule("t", 0,
                    List.of(match(Template, order.get(0)), match(Template, order.get(1))), "c")));
            RouteHit hit = r.route(new RouteRequest("h", "/u/7", "GET", n -> null, null));
            assertThat(hit.match().path().value()).isEqualTo(order.get(0));
            assertThat(hit.captures()).hasSize(1).containsValue("7");
        }
    }
}
