package dev.portico.dataplane.proxy;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.ValueMatch;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 404 says what did not match when a rule matched the request's host and path: its method (naming the methods
 * that would), or its headers or query. Over a raw socket, as a client sends it.
 */
class NoRouteMessageTest {
    private static final String HOST = "spa.example.test";
    private static final String DELETE_PAYMENTS =
            "no route matches DELETE /api/payments on host \"spa.example.test\" (a rule matches this path for POST)";
    private static GatewayFixture gw;

    private static Rule rule(String name, int index, RouteMatch... matches) {
        return ruleBuilder(name).index(index).matches(matches).backend("echo", 1).build();
    }

    @BeforeAll
    static void start() {
        gw = new GatewayFixture();
        TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
        String t = "2024-01-01T00:00:00Z";
        gw.apply(snapshot(1, List.of(new Route("shop", "spa", 1, t, List.of(HOST), null, List.of(
                rule("pay", 0, match(PathMatch.Type.PathPrefix, "/api/payments", "POST", List.of(), List.of())),
                rule("refund-put", 1, match(PathMatch.Type.Exact, "/api/refunds", "PUT", List.of(), List.of())),
                rule("refund-post", 2, match(PathMatch.Type.Exact, "/api/refunds", "POST", List.of(), List.of()),
                        match(PathMatch.Type.Template, "/api/refunds/{id}", "POST", List.of(), List.of())),
                rule("v2", 3, match(PathMatch.Type.PathPrefix, "/api/v2", null,
                        List.of(new ValueMatch("X-Version", ValueMatch.Type.Exact, "2")), List.of())),
                rule("debug", 4, match(PathMatch.Type.RegularExpression, "/api/debug/[a-z]+", "GET", List.of(),
                        List.of(new ValueMatch("trace", ValueMatch.Type.Present, null))))))),
                List.of(cluster("echo", echo.port()))));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** The 404's message for a request with this request line and extra header lines. */
    private static String notFound(String method, String target, String host, String headers) throws IOException {
        try (Socket s = RawHttp.connect(gw.port())) {
            RawHttp.send(s, method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "\r\n");
            RawHttp.Message r = RawHttp.response(s.getInputStream(), method.equals("HEAD"));
            assertThat(r.status()).isEqualTo(404);
            JsonObject body = new JsonObject(r.text());
            assertThat(body.getString("error")).isEqualTo("route_not_found");
            return body.getString("message");
        }
    }

    @Test
    void aMethodNoRuleTakesOnAMatchedPathNamesTheMethodsThatWould() throws IOException {
        assertThat(notFound("DELETE", "/api/payments", HOST, "")).isEqualTo(DELETE_PAYMENTS);
        assertThat(notFound("GET", "/api/refunds", HOST, "")).isEqualTo(
                "no route matches GET /api/refunds on host \"spa.example.test\" (rules match this path for POST, PUT)");
        assertThat(notFound("GET", "/api/refunds/9", HOST, "")).as("one rule, by its second match").isEqualTo(
                "no route matches GET /api/refunds/9 on host \"spa.example.test\" (a rule matches this path for POST)");
    }

    @Test
    void headersOrQueryNoRuleTakesOnAMatchedPathAreSaid() throws IOException {
        assertThat(notFound("GET", "/api/v2/orders", HOST, "X-Version: 1\r\n")).isEqualTo(
                "no route matches GET /api/v2/orders on host \"spa.example.test\" "
                        + "(a rule matches this path, but not the request's headers or query)");
        assertThat(notFound("GET", "/api/debug/slow?verbose", HOST, "")).isEqualTo(
                "no route matches GET /api/debug/slow on host \"spa.example.test\" "
                        + "(a rule matches this path, but not the request's headers or query)");
    }

    @Test
    void withoutARuleForTheHostAndPathTheMessageIsAsBefore() throws IOException {
        assertThat(notFound("GET", "/elsewhere", HOST, ""))
                .isEqualTo("no route matches host \"spa.example.test\" and path \"/elsewhere\"");
        assertThat(notFound("DELETE", "/api/payments", "other.example.test", ""))
                .isEqualTo("no route matches host \"other.example.test\" and path \"/api/payments\"");
    }

    @Test
    void theMatchedPathIsTheNormalizedOneAndTheHostHasNoPort() throws IOException {
        assertThat(notFound("DELETE", "/api/./x/../payments", "SPA.example.test:8080", "")).isEqualTo(DELETE_PAYMENTS);
    }
}
