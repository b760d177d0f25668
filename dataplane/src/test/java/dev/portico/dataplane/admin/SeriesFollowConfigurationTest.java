package dev.portico.dataplane.admin;

import static dev.portico.dataplane.Scrape.sample;
import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.dataplane.aggregate.AggregateFilterFactory;
import dev.portico.snapshot.Aggregate;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RetryPolicy;
import dev.portico.snapshot.Route;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** /metrics shows the rules and clusters of the applied snapshot, and the counters dashboards rate start at 0. */
class SeriesFollowConfigurationTest {
    private static final String T = "2024-01-01T00:00:00Z";
    private static final String KEPT_2XX = answered2xx("kept");
    private static final String GONE_2XX = answered2xx("gone");

    private static String answered2xx(String route) {
        return "portico_requests_total{route=\"shop/" + route + "\",rule=\"main\",status_class=\"2xx\"}";
    }

    private static Route served(String name, String cluster) {
        return route("shop", name, T, List.of(), ruleBuilder("main")
                .matches(match(PathMatch.Type.PathPrefix, "/" + name)).backend(cluster, 1).build());
    }

    @Test
    void aRemovedRouteAndClusterLeaveTheScrapeWhileAKeptRouteKeepsCounting() {
        try (GatewayFixture gw = new GatewayFixture()) {
            TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
            gw.apply(snapshot(1, List.of(served("kept", "kept"), served("gone", "gone")),
                    List.of(cluster("kept", echo.port()), cluster("gone", echo.port()))));
            assertThat(gw.get("/kept").statusCode()).isEqualTo(200);
            assertThat(gw.get("/gone").statusCode()).isEqualTo(200);
            // the count is taken when the response has been written, which may be just after the client read it
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
                String metrics = gw.admin("/metrics").body();
                assertThat(sample(metrics, KEPT_2XX)).isEqualTo(1.0);
                assertThat(sample(metrics, GONE_2XX)).isEqualTo(1.0);
                assertThat(sample(metrics, "portico_upstream_latency_seconds_count{cluster=\"gone\"}")).isEqualTo(1.0);
            });

            gw.apply(snapshot(2, List.of(served("kept", "kept")), List.of(cluster("kept", echo.port()))));
            String metrics = gw.admin("/metrics").body();
            assertThat(metrics).doesNotContain("shop/gone").doesNotContain("cluster=\"gone\"");
            assertThat(sample(metrics, KEPT_2XX)).isEqualTo(1.0);
            assertThat(sample(metrics, "portico_upstream_latency_seconds_count{cluster=\"kept\"}")).isEqualTo(1.0);

            assertThat(gw.get("/kept").statusCode()).isEqualTo(200);
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(sample(gw.admin("/metrics").body(), KEPT_2XX)).isEqualTo(2.0));
        }
    }

    private static String aggregateCalls(String route, String backend) {
        return "portico_aggregate_backend_latency_seconds_count{backend=\"" + backend + "\",outcome=\"ok\","
                + "route=\"shop/" + route + "\",rule=\"main\"}";
    }

    private static Route aggregating(String name, String... backends) {
        List<Aggregate.Backend> calls = Arrays.stream(backends)
                .map(b -> new Aggregate.Backend(b, "c", "/" + b, true, 0)).toList();
        return route("shop", name, T, List.of(), ruleBuilder("main")
                .matches(match(PathMatch.Type.PathPrefix, "/" + name)).aggregate(new Aggregate(3_000, calls)).build());
    }

    @Test
    void aRemovedAggregateRouteOrBackendLeavesTheScrapeWhileAKeptOneKeepsCounting() {
        try (GatewayFixture gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withInstances(1).withFilterFactories(List.of(new AggregateFilterFactory())))) {
            TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
            gw.apply(snapshot(1, List.of(aggregating("kept", "users"), aggregating("gone", "users"),
                    aggregating("shrunk", "users", "orders")), List.of(cluster("c", echo.port()))));
            for (String path : List.of("/kept", "/gone", "/shrunk")) {
                assertThat(gw.get(path).statusCode()).isEqualTo(200);
            }
            // a call is timed before the fan-out answers, so the client's response comes after it
            String metrics = gw.admin("/metrics").body();
            assertThat(sample(metrics, aggregateCalls("gone", "users"))).isEqualTo(1.0);
            assertThat(sample(metrics, aggregateCalls("shrunk", "orders"))).isEqualTo(1.0);

            gw.apply(snapshot(2, List.of(aggregating("kept", "users"), aggregating("shrunk", "users")),
                    List.of(cluster("c", echo.port()))));
            metrics = gw.admin("/metrics").body();
            assertThat(metrics).doesNotContain("shop/gone").doesNotContain("backend=\"orders\"");
            assertThat(sample(metrics, aggregateCalls("kept", "users"))).isEqualTo(1.0);
            assertThat(sample(metrics, aggregateCalls("shrunk", "users"))).isEqualTo(1.0);

            assertThat(gw.get("/kept").statusCode()).isEqualTo(200);
            assertThat(sample(gw.admin("/metrics").body(), aggregateCalls("kept", "users"))).isEqualTo(2.0);
        }
    }

    @Test
    void retriesAndEjectionsStartAtZeroSoTheFirstOneCounts() {
        try (GatewayFixture gw = new GatewayFixture()) {
            TestBackend bad = gw.own(TestBackend.status(gw.vertx, "bad", 503));
            TestBackend good = gw.own(TestBackend.echo(gw.vertx, "good"));
            Route retrying = route("shop", "retrying", T, List.of(), ruleBuilder("main")
                    .matches(match(PathMatch.Type.PathPrefix, "/retrying")).backend("c", 1)
                    .retries(new RetryPolicy(1, 0, List.of(RetryPolicy.Condition.GatewayError), List.of())).build());
            gw.apply(snapshot(1, List.of(retrying, served("plain", "c")),
                    List.of(cluster("c", bad.port(), good.port()))));

            String metrics = gw.admin("/metrics").body();
            assertThat(sample(metrics, "portico_retries_total{rule=\"shop/retrying/main\"}")).isEqualTo(0.0);
            assertThat(sample(metrics, "portico_outlier_ejections_total{cluster=\"c\"}")).isEqualTo(0.0);
            assertThat(metrics).doesNotContain("rule=\"shop/plain/main\"");

            // round robin over two endpoints: some first tries meet the failing one, and each is retried once
            for (int i = 0; i < 4; i++) {
                assertThat(gw.get("/retrying").statusCode()).isEqualTo(200);
            }
            assertThat(bad.hits()).isPositive();
            assertThat(sample(gw.admin("/metrics").body(), "portico_retries_total{rule=\"shop/retrying/main\"}"))
                    .isEqualTo(bad.hits());
        }
    }

    @Test
    void aRuleThatLosesItsRetryPolicyLosesItsRetrySeries() {
        try (GatewayFixture gw = new GatewayFixture()) {
            TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
            RetryPolicy policy = new RetryPolicy(1, 0, List.of(RetryPolicy.Condition.ConnectFailure), List.of());
            gw.apply(snapshot(1, List.of(route("shop", "r", T, List.of(), ruleBuilder("main").backend("c", 1)
                    .retries(policy).build())), List.of(cluster("c", echo.port()))));
            assertThat(gw.admin("/metrics").body()).contains("portico_retries_total{rule=\"shop/r/main\"} 0.0");

            gw.apply(snapshot(2, List.of(route("shop", "r", T, List.of(), ruleBuilder("main").backend("c", 1).build())),
                    List.of(cluster("c", echo.port()))));
            assertThat(gw.admin("/metrics").body()).doesNotContain("portico_retries_total{");
        }
    }
}
