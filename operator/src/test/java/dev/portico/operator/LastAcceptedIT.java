package dev.portico.operator;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.PathMatchType;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.stream.RawStreamClient;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.portico.operator.KubernetesFixture.NS;
import static dev.portico.operator.KubernetesFixture.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A generation the operator refuses (its own spec is Invalid) is not served at all: the last accepted one keeps
 * serving, whole, and status says so (Accepted False, Programmed False NotAccepted naming the served generation).
 */
class LastAcceptedIT {
    private static final String TOKEN = "last-accepted-token";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private OperatorBed bed;
    private KubernetesFixture kube;
    private RawStreamClient dataPlane;

    @BeforeEach
    void start() throws Exception {
        bed = OperatorBed.start(TOKEN);
        kube = bed.kube();
        dataPlane = bed.dataPlane();
        kube.service("app");
        kube.endpoints("app", "10.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    @Test
    void aRouteWithABadRegexKeepsServingItsLastAcceptedGenerationWhole() {
        kube.apply(threeRuleRoute());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(paths(held("shop"))).containsExactly("/api/users", "/api/orders", "/api/products");
            assertThat(programmed("shop").getStatus()).isEqualTo("True");
        });

        editRoute(r -> {
            var path = r.getSpec().getRules().get(2).getMatches().get(0).getPath();
            path.setType(PathMatchType.RegularExpression);
            path.setValue("/api/products(/.*");
            return r;
        });

        await().atMost(WAIT).untilAsserted(() -> {
            GatewayRoute stored = kube.stored("shop");
            assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(2L);
            Condition accepted = condition(stored, "Accepted");
            assertThat(accepted.getStatus()).isEqualTo("False");
            assertThat(accepted.getReason()).isEqualTo("Invalid");
            assertThat(accepted.getMessage()).startsWith("spec.rules[2].matches[0].path.value: invalid regular expression");
            Condition programmed = condition(stored, "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("False");
            assertThat(programmed.getReason()).isEqualTo("NotAccepted");
            assertThat(programmed.getMessage()).startsWith("generation 2 is not accepted (see Accepted); "
                    + "1/1 data planes serve generation 1, the last accepted (snapshot ");
            assertThat(programmed.getObservedGeneration()).isEqualTo(2L);
            assertThat(stored.getStatus().getDataPlanes().getSummary()).isEqualTo("1/1 (gen 1)");
        });
        // generation 1 in full: the rule that used to serve /api/products still does
        assertThat(held("shop").generation()).isEqualTo(1);
        assertThat(paths(held("shop"))).containsExactly("/api/users", "/api/orders", "/api/products");

        editRoute(r -> {
            var path = r.getSpec().getRules().get(2).getMatches().get(0).getPath();
            path.setValue("/api/products(/.*)?");
            return r;
        });

        await().atMost(WAIT).untilAsserted(() -> {
            GatewayRoute stored = kube.stored("shop");
            assertThat(condition(stored, "Accepted").getStatus()).isEqualTo("True");
            Condition programmed = condition(stored, "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("True");
            assertThat(programmed.getMessage()).startsWith("1/1 data planes serve generation 3 (snapshot ");
            assertThat(stored.getStatus().getDataPlanes().getSummary()).isEqualTo("1/1");
            assertThat(held("shop").generation()).isEqualTo(3);
        });
        assertThat(paths(held("shop"))).containsExactly("/api/users", "/api/orders", "/api/products(/.*)?");
    }

    @Test
    void theLastAcceptedGenerationIsKeptInStatusAndServedAgainAfterAnOperatorRestart() throws Exception {
        kube.apply(threeRuleRoute());
        createPolicy("products-per-client", "1m", "per-ip");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(paths(held("shop"))).containsExactly("/api/users", "/api/orders", "/api/products");
            assertThat(programmed("shop").getStatus()).isEqualTo("True");
            assertThat(policyCondition("products-per-client", "Programmed").getStatus()).isEqualTo("True");
        });
        assertThat(kube.stored("shop").getStatus().getLastAccepted()).as("accepted: nothing to keep").isNull();
        var acceptedRouteSpec = kube.stored("shop").getSpec();
        var acceptedPolicySpec = kube.storedPolicy("products-per-client").getSpec();

        editRoute(r -> {
            var path = r.getSpec().getRules().get(2).getMatches().get(0).getPath();
            path.setType(PathMatchType.RegularExpression);
            path.setValue("/api/products(/.*");
            return r;
        });
        editPolicy("products-per-client", p -> {
            p.getSpec().getLimits().get(0).setPeriod("48h");
            return p;
        });
        await().atMost(WAIT).untilAsserted(() -> {
            GatewayRoute stored = kube.stored("shop");
            assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(2L);
            assertThat(stored.getStatus().getLastAccepted()).isNotNull();
            assertThat(stored.getStatus().getLastAccepted().getGeneration()).isEqualTo(1L);
            assertThat(stored.getStatus().getLastAccepted().getSpec()).isEqualTo(acceptedRouteSpec);
            RateLimitPolicy policy = kube.storedPolicy("products-per-client");
            assertThat(policy.getStatus().getObservedGeneration()).isEqualTo(2L);
            assertThat(policy.getStatus().getLastAccepted()).isNotNull();
            assertThat(policy.getStatus().getLastAccepted().getGeneration()).isEqualTo(1L);
            assertThat(policy.getStatus().getLastAccepted().getSpec()).isEqualTo(acceptedPolicySpec);
            assertThat(policyCondition("products-per-client", "Programmed").getReason()).isEqualTo("NotAccepted");
        });

        bed = bed.restart(TOKEN); // nothing in memory: only what status says
        dataPlane = bed.dataPlane();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(held("shop")).isNotNull();
            assertThat(held("shop").generation()).isEqualTo(1);
        });
        assertThat(paths(held("shop"))).containsExactly("/api/users", "/api/orders", "/api/products");
        assertThat(limitPeriods("products")).containsExactly(60_000L); // generation 1 of the policy too
        await().atMost(WAIT).untilAsserted(() -> {
            Condition programmed = programmed("shop");
            assertThat(programmed.getStatus()).isEqualTo("False");
            assertThat(programmed.getReason()).isEqualTo("NotAccepted");
            assertThat(programmed.getMessage()).startsWith("generation 2 is not accepted (see Accepted); "
                    + "1/1 data planes serve generation 1, the last accepted (snapshot " + dataPlane.held().version());
            Condition policyProgrammed = policyCondition("products-per-client", "Programmed");
            assertThat(policyProgrammed.getReason()).isEqualTo("NotAccepted");
            assertThat(policyProgrammed.getMessage()).startsWith("generation 2 is not accepted (see Accepted); "
                    + "1/1 data planes serve generation 1, the last accepted (snapshot ");
            assertThat(kube.stored("shop").getStatus().getLastAccepted().getGeneration()).isEqualTo(1L);
        });

        editRoute(r -> {
            r.getSpec().getRules().get(2).getMatches().get(0).getPath().setValue("/api/products(/.*)?");
            return r;
        });
        editPolicy("products-per-client", p -> {
            p.getSpec().getLimits().get(0).setPeriod("2m");
            return p;
        });
        await().atMost(WAIT).untilAsserted(() -> {
            GatewayRoute stored = kube.stored("shop");
            assertThat(condition(stored, "Accepted").getStatus()).isEqualTo("True");
            assertThat(condition(stored, "Programmed").getStatus()).isEqualTo("True");
            assertThat(stored.getStatus().getLastAccepted()).as("accepted again: removed").isNull();
            assertThat(held("shop").generation()).isEqualTo(3);
            RateLimitPolicy policy = kube.storedPolicy("products-per-client");
            assertThat(policyCondition("products-per-client", "Programmed").getStatus()).isEqualTo("True");
            assertThat(policy.getStatus().getLastAccepted()).as("accepted again: removed").isNull();
            assertThat(limitPeriods("products")).containsExactly(120_000L);
        });
        assertThat(bed.operator().registry().find("portico_status_corrections").counters())
                .as("the echo of a status with lastAccepted is the operator's own")
                .allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void aPolicyWithAnOutOfRangePeriodKeepsEnforcingItsLastAcceptedLimits() {
        kube.apply(kube.route("shop", "/api/products", "app"));
        createPolicy("products-per-client", "1m", "per-ip");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(policyCondition("products-per-client", "Programmed").getStatus()).isEqualTo("True");
            assertThat(limitPeriods()).containsExactly(60_000L);
        });

        editPolicy("products-per-client", p -> {
            p.getSpec().getLimits().get(0).setPeriod("48h");
            return p;
        });

        await().atMost(WAIT).untilAsserted(() -> {
            Condition accepted = policyCondition("products-per-client", "Accepted");
            assertThat(accepted.getStatus()).isEqualTo("False");
            assertThat(accepted.getReason()).isEqualTo("Invalid");
            assertThat(accepted.getMessage()).isEqualTo("spec.limits[0].period: must be between 1s and 24h, not 48h");
            Condition programmed = policyCondition("products-per-client", "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("False");
            assertThat(programmed.getReason()).isEqualTo("NotAccepted");
            assertThat(programmed.getObservedGeneration()).isEqualTo(2L);
            assertThat(programmed.getMessage()).startsWith("generation 2 is not accepted (see Accepted); "
                    + "1/1 data planes serve generation 1, the last accepted (snapshot ");
        });
        assertThat(limitPeriods()).containsExactly(60_000L); // still enforced, as generation 1 said

        editPolicy("products-per-client", p -> {
            p.getSpec().getLimits().get(0).setPeriod("2m");
            return p;
        });

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(policyCondition("products-per-client", "Accepted").getStatus()).isEqualTo("True");
            Condition programmed = policyCondition("products-per-client", "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("True");
            assertThat(programmed.getMessage()).contains("generation 3");
            assertThat(limitPeriods()).containsExactly(120_000L);
        });
    }

    @Test
    void objectsNeverAcceptedServeNothingAndSaySo() {
        kube.apply(kube.route("shop", "/api/products", "app"));
        GatewayRoute broken = kube.route("broken", "/api/broken", "app");
        broken.getSpec().getRules().get(0).getMatches().get(0).getPath().setType(PathMatchType.RegularExpression);
        broken.getSpec().getRules().get(0).getMatches().get(0).getPath().setValue("/api/broken(/.*");
        kube.apply(broken);
        createPolicy("twice-l", "1m", "l", "l");

        await().atMost(WAIT).untilAsserted(() -> {
            Condition programmed = programmed("broken");
            assertThat(programmed.getStatus()).isEqualTo("False");
            assertThat(programmed.getReason()).isEqualTo("NotAccepted");
            assertThat(programmed.getMessage()).isEqualTo("generation 1 is not accepted (see Accepted); nothing of it is served");
            assertThat(kube.stored("broken").getStatus().getDataPlanes().getSummary()).isEqualTo("0/1");

            assertThat(policyCondition("twice-l", "Accepted").getMessage()).isEqualTo("spec.limits[1].name: duplicate limit name l");
            Condition policyProgrammed = policyCondition("twice-l", "Programmed");
            assertThat(policyProgrammed.getReason()).isEqualTo("NotAccepted");
            assertThat(policyProgrammed.getMessage()).isEqualTo("generation 1 is not accepted (see Accepted); nothing of it is served");
            assertThat(programmed("shop").getStatus()).isEqualTo("True");
        });
        assertThat(held("broken")).isNull();
        assertThat(held("shop").rules().get(0).rateLimits()).isEmpty(); // not even the first limit named l
    }

    private GatewayRoute threeRuleRoute() {
        String yaml = """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: shop, namespace: %s}
                spec:
                  rules:
                  - name: users
                    matches: [{path: {type: PathPrefix, value: /api/users}}]
                    backends: [{service: app, port: 8080}]
                  - name: orders
                    matches: [{path: {type: PathPrefix, value: /api/orders}}]
                    backends: [{service: app, port: 8080}]
                  - name: products
                    matches: [{path: {type: PathPrefix, value: /api/products}}]
                    backends: [{service: app, port: 8080}]
                """.formatted(NS);
        return kube.client.getKubernetesSerialization().unmarshal(yaml, GatewayRoute.class);
    }

    private void createPolicy(String name, String period, String... limitNames) {
        StringBuilder limits = new StringBuilder();
        for (String limit : limitNames) {
            limits.append("  - {name: ").append(limit).append(", requests: 5, period: ").append(period)
                    .append(", key: {type: ClientIP}}\n");
        }
        String yaml = """
                apiVersion: portico.dev/v1alpha1
                kind: RateLimitPolicy
                metadata: {name: %s, namespace: %s}
                spec:
                  targetRefs: [{kind: GatewayRoute, name: shop}]
                  limits:
                """.formatted(name, NS) + limits;
        kube.client.resources(RateLimitPolicy.class).inNamespace(NS)
                .resource(kube.client.getKubernetesSerialization().unmarshal(yaml, RateLimitPolicy.class)).create();
    }

    private void editRoute(UnaryOperator<GatewayRoute> edit) {
        kube.client.resources(GatewayRoute.class).inNamespace(NS).withName("shop").edit(edit);
    }

    private void editPolicy(String name, UnaryOperator<RateLimitPolicy> edit) {
        kube.client.resources(RateLimitPolicy.class).inNamespace(NS).withName(name).edit(edit);
    }

    private Route held(String name) {
        var held = dataPlane.held();
        return held == null ? null : held.routesById().get(NS + "/" + name);
    }

    private static List<String> paths(Route route) {
        assertThat(route).isNotNull();
        return route.rules().stream().map(r -> r.matches().get(0).path().value()).toList();
    }

    private List<Long> limitPeriods() {
        Rule rule = held("shop").rules().get(0);
        return rule.rateLimits().stream().map(l -> l.periodMs()).toList();
    }

    /** The limit periods on the rule of route shop named {@code ruleName}. */
    private List<Long> limitPeriods(String ruleName) {
        Rule rule = held("shop").rules().stream().filter(r -> ruleName.equals(r.name())).findFirst().orElseThrow();
        return rule.rateLimits().stream().map(l -> l.periodMs()).toList();
    }

    private Condition programmed(String route) {
        Condition programmed = condition(kube.stored(route), "Programmed");
        assertThat(programmed).isNotNull();
        return programmed;
    }

    private Condition policyCondition(String policy, String type) {
        RateLimitPolicy stored = kube.storedPolicy(policy);
        assertThat(stored.getStatus()).isNotNull();
        Condition condition = condition(stored.getStatus().getConditions(), type);
        assertThat(condition).isNotNull();
        return condition;
    }
}
