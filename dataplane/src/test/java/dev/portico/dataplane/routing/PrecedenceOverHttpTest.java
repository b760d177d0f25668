package dev.portico.dataplane.routing;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.ValueMatch;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every precedence step and path rule of api-v1alpha1.md, through the real gateway to a real backend. */
class PrecedenceOverHttpTest {
    private static GatewayFixture gw;

    private static Rule rule(String name, int index, RouteMatch match) {
        return ruleBuilder(name).index(index).matches(match).backend("echo", 1)
                .requestHeaders(new HeaderModifier(List.of(new HeaderModifier.Header("X-Rule", name)), List.of(),
                        List.of())).build();
    }

    private static ValueMatch present(String name) {
        return new ValueMatch(name, ValueMatch.Type.Present, null);
    }

    @BeforeAll
    static void start() {
        gw = new GatewayFixture();
        TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
        List<Rule> api = new ArrayList<>();
        api.add(rule("exact", 0, match(PathMatch.Type.Exact, "/p/exact")));
        api.add(rule("template", 1, match(PathMatch.Type.Template, "/p/{id}")));
        api.add(rule("prefix", 2, match(PathMatch.Type.PathPrefix, "/p/")));
        api.add(rule("regex", 3, match(PathMatch.Type.RegularExpression, "/r/[0-9]+")));
        api.add(rule("method", 4, match(PathMatch.Type.PathPrefix, "/m", "GET", List.of(), List.of())));
        api.add(rule("nomethod", 5, match(PathMatch.Type.PathPrefix, "/m")));
        api.add(rule("header1", 6, match(PathMatch.Type.PathPrefix, "/h", null, List.of(present("X-A")), List.of())));
        api.add(rule("header2", 7, match(PathMatch.Type.PathPrefix, "/h", null,
                List.of(present("X-A"), present("X-B")), List.of())));
        api.add(rule("query1", 8, match(PathMatch.Type.PathPrefix, "/q", null, List.of(), List.of(present("a")))));
        api.add(rule("query2", 9, match(PathMatch.Type.PathPrefix, "/q", null, List.of(),
                List.of(present("a"), present("b")))));
        String t0 = "2024-01-01T00:00:00Z";
        String t1 = "2024-02-01T00:00:00Z";
        gw.apply(snapshot(1, List.of(
                new Route("ns", "api", 1, t1, List.of("api.example"), null, api),
                new Route("ns", "wild", 1, t1, List.of("*.example"), null,
                        List.of(rule("wildcard", 0, match(PathMatch.Type.PathPrefix, "/")))),
                new Route("ns", "any", 1, t1, List.of(), null,
                        List.of(rule("any", 0, match(PathMatch.Type.PathPrefix, "/")))),
                new Route("ns", "zz-old", 1, t0, List.of(), null,
                        List.of(rule("old", 0, match(PathMatch.Type.Exact, "/tie")))),
                new Route("ns", "aa-new", 1, t1, List.of(), null,
                        List.of(rule("new", 0, match(PathMatch.Type.Exact, "/tie"))))),
                List.of(cluster("echo", echo.port()))));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static String ruleFor(String host, HttpMethod method, String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Host";
        all[1] = host;
        System.arraycopy(headers, 0, all, 2, headers.length);
        GatewayFixture.Response r = gw.send(method, path, null, all);
        if (r.statusCode() != 200) {
            return String.valueOf(r.statusCode());
        }
        return new JsonObject(r.body()).getJsonObject("headers").getString("x-rule");
    }

    private static String get(String host, String path, String... headers) {
        return ruleFor(host, HttpMethod.GET, path, headers);
    }

    @Test
    void pathTypesRankExactTemplatePrefixRegex() {
        assertThat(get("api.example", "/p/exact")).isEqualTo("exact");
        assertThat(get("api.example", "/p/42")).isEqualTo("template");
        assertThat(get("api.example", "/p/42/more")).isEqualTo("prefix");
        assertThat(get("api.example", "/r/123")).isEqualTo("regex");
    }

    @Test
    void prefixRespectsSegmentsAndTrailingSlashAndRegexIsFullMatch() {
        assertThat(get("api.example", "/p")).isEqualTo("prefix");
        assertThat(get("api.example", "/p/")).isEqualTo("prefix");
        assertThat(get("api.example", "/px")).isEqualTo("wildcard");
        assertThat(get("api.example", "/r/12a")).isEqualTo("wildcard");
    }

    @Test
    void methodThenHeaderCountThenQueryCountDecide() {
        assertThat(get("api.example", "/m")).isEqualTo("method");
        assertThat(ruleFor("api.example", HttpMethod.POST, "/m")).isEqualTo("nomethod");
        assertThat(get("api.example", "/h", "X-A", "1")).isEqualTo("header1");
        assertThat(get("api.example", "/h", "X-A", "1", "X-B", "2")).isEqualTo("header2");
        assertThat(get("api.example", "/q?a=1")).isEqualTo("query1");
        assertThat(get("api.example", "/q?a=1&b=2")).isEqualTo("query2");
        assertThat(get("api.example", "/h")).isEqualTo("wildcard");
    }

    @Test
    void exactHostBeatsWildcardBeatsHostless() {
        assertThat(get("API.Example:8080", "/p/exact")).isEqualTo("exact");
        assertThat(get("shop.example", "/p/exact")).isEqualTo("wildcard");
        assertThat(get("example", "/p/exact")).isEqualTo("any");
        assertThat(get("other.test", "/anything")).isEqualTo("any");
    }

    @Test
    void olderRouteWinsATie() {
        assertThat(get("other.test", "/tie")).isEqualTo("old");
    }
}
