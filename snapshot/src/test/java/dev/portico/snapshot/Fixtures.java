package dev.portico.snapshot;

import java.util.List;

/** A small but complete snapshot: every record type appears at least once. */
final class Fixtures {
    private Fixtures() {
    }

    static Snapshot shop() {
        Cluster users = new Cluster("shop/user-service:8080", "shop", "user-service", 8080, true,
                List.of(new Endpoint("10.0.0.2", 8080), new Endpoint("10.0.0.1", 8080)));
        Cluster canary = new Cluster("shop/user-canary:8080", "shop", "user-canary", 8080, false, List.of(),
                "service shop/user-canary not found");
        Cluster orders = new Cluster("shop/order-service:8080", "shop", "order-service", 8080, true,
                List.of(new Endpoint("10.0.1.1", 8080)));

        RateLimit perIp = new RateLimit("shop/per-client", "per-ip", RateLimit.Scope.Local, RateLimit.FailureMode.Open,
                100, 60_000, 20, new RateLimit.Key(RateLimit.Key.Type.ClientIP, null),
                new RateLimit.When(List.of("POST"), PathMatch.prefix("/api/orders")));

        Rule usersRule = new Rule("users", 0,
                List.of(new RouteMatch(PathMatch.prefix("/api/users"), "GET",
                        List.of(new ValueMatch("X-Version", ValueMatch.Type.Exact, "2")),
                        List.of(new ValueMatch("debug", ValueMatch.Type.Present, null)))),
                List.of(new BackendRef("shop/user-service:8080", 90), new BackendRef("shop/user-canary:8080", 10)),
                null,
                new Rewrite(new Rewrite.PathRewrite(Rewrite.PathRewrite.Type.ReplacePrefixMatch, "/users"),
                        "users.internal"),
                new HeaderModifier(List.of(new HeaderModifier.Header("X-Env", "prod")), List.of(), List.of("X-Debug")),
                new HeaderModifier(List.of(), List.of(), List.of("Server")),
                15_000,
                new RetryPolicy(2, 2_000, List.of(RetryPolicy.Condition.Reset, RetryPolicy.Condition.ConnectFailure),
                        List.of(503)),
                new LoadBalancer(LoadBalancer.Type.ConsistentHash, new LoadBalancer.HashOn("X-User-Id", null, false)),
                List.of(perIp), 0);
        Rule dashboard = new Rule("dashboard", 1,
                List.of(new RouteMatch(PathMatch.template("/api/dashboard/{userId}"), "GET", List.of(), List.of())),
                List.of(),
                new Aggregate(2_000, List.of(
                        new Aggregate.Backend("user", "shop/user-service:8080", "/users/{userId}", true, 0),
                        new Aggregate.Backend("orders", "shop/order-service:8080", "/orders?userId={userId}", false,
                                300))),
                null, null, null, 0, null, null, List.of(), 0);
        Auth auth = new Auth(
                new JwtAuth("https://id.shop.example", List.of("shop-api"), "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}",
                        null, List.of(new JwtAuth.ClaimToHeader("sub", "X-User-Id")), false),
                new ApiKeyAuth(ApiKeyAuth.In.Header, "X-Api-Key",
                        List.of(new ApiKeyAuth.Client("mobile", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))));
        Route shop = new Route("shop", "shop", 4, "2026-11-26T04:00:00Z",
                List.of("api.shop.example", "*.shop.example"), auth, List.of(usersRule, dashboard));
        Route health = new Route("ops", "health", 1, "2026-11-25T00:00:00Z", List.of(), null,
                List.of(new Rule(null, 0, List.of(RouteMatch.path(PathMatch.exact("/healthz"))),
                        List.of(new BackendRef("shop/order-service:8080", 1)), null, null, null, null, 0, null, null,
                        List.of(), 0)));
        return new Snapshot("default", 57, List.of(shop, health), List.of(users, canary, orders));
    }
}
