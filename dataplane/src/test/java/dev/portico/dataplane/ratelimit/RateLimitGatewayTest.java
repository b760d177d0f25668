package dev.portico.dataplane.ratelimit;

import static dev.portico.dataplane.ratelimit.LimitedGateway.rule;
import static dev.portico.dataplane.ratelimit.Limits.header;
import static dev.portico.dataplane.ratelimit.Limits.key;
import static dev.portico.dataplane.ratelimit.Limits.local;
import static dev.portico.dataplane.ratelimit.Limits.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RateLimit;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Local limits through a real data plane and a real backend: headers, 429s, keys, when, snapshots. */
class RateLimitGatewayTest {
    private static LimitedGateway gw;

    @BeforeAll
    static void start() {
        gw = new LimitedGateway(RateLimitOptions.defaults());
        serveAll();
    }

    private static void serveAll() {
        gw.serve(
                rule("headers", 0, "/headers", local("three", 3, 60_000, 0, key(RateLimit.Key.Type.Route))),
                rule("tenant", 1, "/tenant", local("per-tenant", 2, 60_000, 0, header("X-Tenant"))),
                rule("orders", 2, "/when", when(local("writes", 1, 60_000, 0, key(RateLimit.Key.Type.Route)),
                        List.of("POST"), PathMatch.prefix("/when/orders"))),
                rule("tight", 3, "/tight", local("loose", 10, 60_000, 0, key(RateLimit.Key.Type.Route)),
                        local("strict", 2, 60_000, 0, key(RateLimit.Key.Type.Route))),
                rule("pair", 4, "/pair", local("route-wide", 3, 60_000, 0, key(RateLimit.Key.Type.Route)),
                        local("per-user", 1, 60_000, 0, header("X-User"))),
                rule("ip", 5, "/ip", local("per-ip", 5, 60_000, 0, key(RateLimit.Key.Type.ClientIP))),
                rule("kept", 6, "/kept", local("kept", 4, 60_000, 0, key(RateLimit.Key.Type.Route))),
                rule("survive", 7, "/survive", local("survive", 2, 60_000, 0, key(RateLimit.Key.Type.Route))),
                rule("open", 8, "/open"));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void everyResponseOfALimitedRouteCarriesRateLimitHeaders() {
        LimitedGateway.Response first = gw.get("/headers");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("ok");
        assertThat(first.header("RateLimit-Limit")).isEqualTo("3");
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("2");
        assertThat(first.header("RateLimit-Reset")).isEqualTo("20"); // one request uses 60 s / 3 of the bucket
        assertThat(gw.get("/open").header("RateLimit-Limit")).as("an unlimited rule says nothing").isNull();
    }

    @Test
    void anExhaustedLimitAnswers429WithRetryAfterAndAJsonBody() {
        int hitsBefore = gw.backend.hits();
        assertThat(gw.admitted(4, "/kept")).isEqualTo(4);
        LimitedGateway.Response refused = gw.get("/kept");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("15");
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("content-type")).isEqualTo("application/json");
        JsonObject body = new JsonObject(refused.body());
        assertThat(body.getString("error")).isEqualTo("too_many_requests");
        assertThat(body.getString("message")).contains("shop/policy", "kept", "4 requests per 1m");
        assertThat(body.getString("requestId")).isEqualTo(refused.header("X-Request-Id")).isNotEmpty();
        assertThat(gw.backend.hits() - hitsBefore).as("refused requests never reach the upstream").isEqualTo(4);
    }

    @Test
    void eachHeaderValueHasItsOwnBucketAndAMissingHeaderCountsUnderTheEmptyKey() {
        assertThat(gw.admitted(4, "/tenant", "X-Tenant", "acme")).isEqualTo(2);
        assertThat(gw.admitted(4, "/tenant", "X-Tenant", "globex")).isEqualTo(2);
        assertThat(gw.admitted(4, "/tenant")).as("no header is the key \"\", never unlimited").isEqualTo(2);
        assertThat(gw.admitted(1, "/tenant", "X-Tenant", "")).as("an empty header shares that key").isZero();
    }

    @Test
    void whenLimitsOnlyTheMethodsAndPathsItNames() {
        assertThat(gw.admitted(5, "/when/orders")).as("GET is not counted").isEqualTo(5);
        assertThat(gw.send(HttpMethod.POST, "/when/other").status()).isEqualTo(200);
        assertThat(gw.send(HttpMethod.POST, "/when/other").status()).isEqualTo(200);
        assertThat(gw.send(HttpMethod.POST, "/when/orders/7").status()).isEqualTo(200);
        assertThat(gw.send(HttpMethod.POST, "/when/orders").status()).isEqualTo(429);
        assertThat(gw.send(HttpMethod.POST, "/when/ordersx").status()).as("a prefix stops at a segment boundary")
                .isEqualTo(200);
        assertThat(gw.send(HttpMethod.POST, "/when/x/../orders").status()).as("matched on the normalised path")
                .isEqualTo(429);
    }

    @Test
    void theMostRestrictiveLimitFillsTheHeaders() {
        LimitedGateway.Response r = gw.get("/tight");
        assertThat(r.header("RateLimit-Limit")).isEqualTo("2");
        assertThat(r.header("RateLimit-Remaining")).isEqualTo("1");
        assertThat(r.header("RateLimit-Reset")).isEqualTo("30");
    }

    @Test
    void aRefusedRequestCountsAgainstNoOtherLimit() {
        assertThat(gw.admitted(1, "/pair", "X-User", "ann")).isEqualTo(1);
        assertThat(gw.admitted(5, "/pair", "X-User", "ann")).as("ann's own limit refuses").isZero();
        assertThat(gw.admitted(1, "/pair", "X-User", "bob")).as("ann's refusals left the route-wide limit")
                .isEqualTo(1);
        assertThat(gw.admitted(1, "/pair", "X-User", "cy")).isEqualTo(1);
        assertThat(gw.admitted(1, "/pair", "X-User", "dee")).as("route-wide: 3 a minute").isZero();
    }

    @Test
    void rotatingXForwardedForDoesNotEscapeAClientIpLimitWhenNoProxyIsTrusted() {
        int ok = 0;
        for (int i = 0; i < 12; i++) {
            if (gw.get("/ip", "X-Forwarded-For", "198.51.100." + i).status() == 200) {
                ok++;
            }
        }
        assertThat(ok).as("counted by the peer address, 127.0.0.1").isEqualTo(5);
    }

    @Test
    void countsSurviveANewSnapshot() {
        assertThat(gw.admitted(3, "/survive")).isEqualTo(2);
        serveAll();
        assertThat(gw.get("/survive").status()).isEqualTo(429);
    }
}
