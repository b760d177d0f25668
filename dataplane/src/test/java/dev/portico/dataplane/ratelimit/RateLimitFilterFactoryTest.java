package dev.portico.dataplane.ratelimit;

import static dev.portico.dataplane.ratelimit.LimitedGateway.rule;
import static dev.portico.dataplane.ratelimit.Limits.header;
import static dev.portico.dataplane.ratelimit.Limits.key;
import static dev.portico.dataplane.ratelimit.Limits.local;
import static dev.portico.dataplane.ratelimit.Limits.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RateLimit;
import dev.portico.snapshot.Route;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the factory refuses (the snapshot is then NACKed with its message) and what it builds. */
class RateLimitFilterFactoryTest {
    private final Vertx vertx = Vertx.vertx();
    private final RateLimitFilterFactory factory = new RateLimitFilterFactory(vertx, RateLimitOptions.defaults());
    private final Route route = new Route("shop", "api", 1, "", List.of(), null, List.of());

    @AfterEach
    void stop() throws Exception {
        factory.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void aRuleWithoutLimitsGetsNoFilter() {
        assertThat(factory.create(route, rule("plain", 0, "/"))).isNull();
        assertThat(factory.create(route, rule("limited", 1, "/", local("l", 1, 1_000, 0, key(RateLimit.Key.Type.Route)))))
                .isNotNull();
    }

    @Test
    void invalidLimitsAreRefusedNamingThePolicyLimitAndField() {
        assertThatThrownBy(() -> factory.create(route, rule("r", 0, "/",
                local("zero", 0, 1_000, 0, key(RateLimit.Key.Type.Route)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RateLimitPolicy shop/policy limit zero").hasMessageContaining("requests");
        assertThatThrownBy(() -> factory.create(route, rule("r", 0, "/", local("nameless", 1, 1_000, 0, header(null)))))
                .hasMessageContaining("nameless").hasMessageContaining("key.name");
        assertThatThrownBy(() -> factory.create(route, rule("r", 0, "/",
                local("neg", 1, 1_000, -1, key(RateLimit.Key.Type.Route))))).hasMessageContaining("burst");
        assertThatThrownBy(() -> factory.create(route, rule("r", 0, "/", when(local("rx", 1, 1_000, 0,
                key(RateLimit.Key.Type.Route)), List.of(), new PathMatch(PathMatch.Type.RegularExpression, "/(")))))
                .hasMessageContaining("rx").hasMessageContaining("when.path");
    }

    @Test
    void globalLimitsWithoutRedisStillLimitEachDataPlane() {
        try (LimitedGateway gw = new LimitedGateway(RateLimitOptions.defaults())) {
            gw.serve(rule("g", 0, "/", Limits.global("shop/global", 3, 60_000, RateLimit.FailureMode.Open,
                    key(RateLimit.Key.Type.Route))));
            assertThat(gw.admitted(5, "/")).isEqualTo(3);
        }
    }

    @Test
    void onlyALimitCountedInRedisHasARedisFailuresSeries() {
        try (LimitedGateway gw = new LimitedGateway(RateLimitOptions.defaults())) {
            gw.serve(rule("l", 0, "/", local("per-route", 3, 60_000, 0, key(RateLimit.Key.Type.Route))));
            assertThat(gw.admitted(1, "/")).isEqualTo(1);
            assertThat(gw.meters.find("portico_ratelimit_requests").tags("policy", "shop/policy").counters())
                    .isNotEmpty();
            assertThat(gw.meters.find("portico_ratelimit_redis_failures").counters()).isEmpty();
        }
    }
}
