package dev.portico.operator;

import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.stream.RawStreamClient;
import dev.portico.snapshot.RateLimit;
import dev.portico.snapshot.Route;
import io.fabric8.kubernetes.api.model.Condition;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.portico.operator.KubernetesFixture.NS;
import static dev.portico.operator.KubernetesFixture.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A RateLimitPolicy created before its GatewayRoute starts applying when the route appears, with no restart. */
class PolicyTargetAppearsLaterIT {
    private static final String TOKEN = "late-token";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private OperatorBed bed;
    private KubernetesFixture kube;
    private PorticoOperator operator;
    private Vertx vertx;
    private RawStreamClient dataPlane;

    @BeforeEach
    void start() throws Exception {
        bed = OperatorBed.start(TOKEN);
        kube = bed.kube();
        operator = bed.operator();
        vertx = bed.vertx();
        dataPlane = bed.dataPlane();
        kube.service("users");
        kube.endpoints("users", "10.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    @Test
    void aPolicyWhoseRouteIsCreatedLaterIsResolvedProgrammedAndReachesTheDataPlane() {
        String yaml = """
                apiVersion: portico.dev/v1alpha1
                kind: RateLimitPolicy
                metadata: {name: early, namespace: %s}
                spec:
                  targetRefs: [{kind: GatewayRoute, name: late}]
                  scope: Global
                  failureMode: Closed
                  limits:
                  - {name: per-key, requests: 7, period: 10s, burst: 3, key: {type: Header, name: X-Tenant}}
                """.formatted(NS);
        kube.client.resources(RateLimitPolicy.class).inNamespace(NS)
                .resource(kube.client.getKubernetesSerialization().unmarshal(yaml, RateLimitPolicy.class)).create();
        await().atMost(WAIT).untilAsserted(() -> {
            Condition refs = policyCondition("ResolvedRefs");
            assertThat(refs).isNotNull();
            assertThat(refs.getStatus()).isEqualTo("False");
            assertThat(refs.getReason()).isEqualTo("TargetNotFound");
        });

        kube.apply(kube.route("late", "/api/users", "users"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(policyCondition("ResolvedRefs").getStatus()).isEqualTo("True");
            assertThat(policyCondition("Programmed").getStatus()).isEqualTo("True");
            Route served = dataPlane.held() == null ? null : dataPlane.held().routesById().get(NS + "/late");
            assertThat(served).isNotNull();
            List<RateLimit> limits = served.rules().get(0).rateLimits();
            assertThat(limits).singleElement().satisfies(limit -> {
                assertThat(limit.policy()).isEqualTo(NS + "/early");
                assertThat(limit.name()).isEqualTo("per-key");
                assertThat(limit.scope()).isEqualTo(RateLimit.Scope.Global);
                assertThat(limit.failureMode()).isEqualTo(RateLimit.FailureMode.Closed);
                assertThat(limit.requests()).isEqualTo(7);
                assertThat(limit.periodMs()).isEqualTo(10_000);
                assertThat(limit.burst()).isEqualTo(3);
                assertThat(limit.key()).isEqualTo(new RateLimit.Key(RateLimit.Key.Type.Header, "X-Tenant"));
            });
        });
    }

    private Condition policyCondition(String type) {
        RateLimitPolicy stored = kube.storedPolicy("early");
        return stored == null || stored.getStatus() == null ? null : condition(stored.getStatus().getConditions(), type);
    }
}
