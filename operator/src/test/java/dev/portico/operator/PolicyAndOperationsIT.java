package dev.portico.operator;

import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.stream.RawStreamClient;
import dev.portico.snapshot.stream.StreamMessage;
import io.fabric8.kubernetes.api.model.Condition;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.portico.operator.KubernetesFixture.NS;
import static dev.portico.operator.KubernetesFixture.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** RateLimitPolicy status, and the operator's metrics port, against the emulated API. */
class PolicyAndOperationsIT {
    private static final String TOKEN = "policy-token";
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
        kube.apply(kube.route("shop", "/api/users", "users"));
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private RateLimitPolicy policy(String name, String target) {
        return policy(name, target, "Local");
    }

    private RateLimitPolicy policy(String name, String target, String scope) {
        String yaml = """
                apiVersion: portico.dev/v1alpha1
                kind: RateLimitPolicy
                metadata: {name: %s, namespace: %s}
                spec:
                  targetRefs: [{kind: GatewayRoute, name: %s}]
                  scope: %s
                  limits:
                  - {name: per-ip, requests: 100, period: 1m, key: {type: ClientIP}}
                """.formatted(name, NS, target, scope);
        return kube.client.resources(RateLimitPolicy.class).inNamespace(NS)
                .resource(kube.client.getKubernetesSerialization().unmarshal(yaml, RateLimitPolicy.class)).create();
    }

    @Test
    void aPolicyOnAnExistingRouteIsProgrammedAndItsLimitReachesTheDataPlane() {
        policy("per-client", "shop");
        await().atMost(WAIT).untilAsserted(() -> {
            RateLimitPolicy stored = kube.storedPolicy("per-client");
            assertThat(stored.getStatus()).isNotNull();
            assertThat(condition(stored.getStatus().getConditions(), "Accepted").getStatus()).isEqualTo("True");
            assertThat(condition(stored.getStatus().getConditions(), "ResolvedRefs").getStatus()).isEqualTo("True");
            Condition programmed = condition(stored.getStatus().getConditions(), "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("True");
            assertThat(programmed.getObservedGeneration()).isEqualTo(1L);
        });
        assertThat(dataPlane.held().routesById().get(NS + "/shop").rules().get(0).rateLimits()).isNotEmpty();
    }

    @Test
    void aGlobalPolicyIsProgrammedOnlyWhenEveryDataPlaneOfTheGroupSharesTheCounters() throws Exception {
        policy("shared", "shop", "Global");
        // the bed's data plane dp-1 said nothing about Redis in its hello; alone in its group it counts exactly
        await().atMost(WAIT).untilAsserted(() -> {
            Condition programmed = condition(kube.storedPolicy("shared").getStatus().getConditions(), "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("True");
            assertThat(programmed.getMessage()).contains("dp-1 has no --redis");
        });

        try (RawStreamClient withoutRedis = new RawStreamClient(vertx).autoAck()
                .open(operator.streamPort(), "Bearer " + TOKEN);
                RawStreamClient withRedis = new RawStreamClient(vertx).autoAck()
                        .open(operator.streamPort(), "Bearer " + TOKEN)) {
            withoutRedis.hello("dp-2", "default", 0, null, false);
            withRedis.hello("dp-3", "default", 0, null, true);
            await().atMost(WAIT).untilAsserted(() -> {
                Condition programmed = condition(kube.storedPolicy("shared").getStatus().getConditions(), "Programmed");
                assertThat(programmed.getStatus()).isEqualTo("False");
                assertThat(programmed.getReason()).isEqualTo("CountersNotShared");
                assertThat(programmed.getMessage()).contains("2/3").contains("[dp-1, dp-2]").doesNotContain("dp-3");
            });

            dataPlane.close(); // those without Redis leave: every data plane left shares the counters
            withoutRedis.close();
            await().atMost(WAIT).untilAsserted(() -> {
                Condition programmed = condition(kube.storedPolicy("shared").getStatus().getConditions(), "Programmed");
                assertThat(programmed.getStatus()).isEqualTo("True");
                assertThat(programmed.getReason()).isEqualTo("Programmed");
                assertThat(programmed.getMessage()).doesNotContain("redis");
            });
        }
    }

    @Test
    void aGlobalPolicyWhoseRedisStopsAnsweringADataPlaneSaysCountersUnavailableUntilItAnswers() throws Exception {
        dataPlane.close(); // the bed's data plane has no Redis: one that shares the counters stands in
        try (RawStreamClient withRedis = new RawStreamClient(vertx).autoAck()
                .open(operator.streamPort(), "Bearer " + TOKEN)) {
            withRedis.hello("dp-2", "default", 0, null, true);
            policy("shared", "shop", "Global");
            await().atMost(WAIT).untilAsserted(() -> assertThat(condition(kube.storedPolicy("shared").getStatus()
                    .getConditions(), "Programmed").getStatus()).isEqualTo("True"));

            withRedis.send(new StreamMessage.RedisHealth("Connection refused"));
            await().atMost(WAIT).untilAsserted(() -> {
                Condition programmed = condition(kube.storedPolicy("shared").getStatus().getConditions(), "Programmed");
                assertThat(programmed.getStatus()).isEqualTo("False");
                assertThat(programmed.getReason()).isEqualTo("CountersUnavailable");
                assertThat(programmed.getMessage()).isEqualTo("Redis does not answer 1/1 data planes of gateway "
                        + "default [dp-2: Connection refused]: until it does, each limit's failureMode decides there "
                        + "(Open lets every request through, Closed answers 503)");
            });

            withRedis.send(new StreamMessage.RedisHealth(null));
            await().atMost(WAIT).untilAsserted(() -> {
                Condition programmed = condition(kube.storedPolicy("shared").getStatus().getConditions(), "Programmed");
                assertThat(programmed.getStatus()).isEqualTo("True");
                assertThat(programmed.getReason()).isEqualTo("Programmed");
            });
        }
    }

    @Test
    void aPolicyNamingNoRouteSaysTargetNotFound() {
        policy("orphan", "no-such-route");
        await().atMost(WAIT).untilAsserted(() -> {
            RateLimitPolicy stored = kube.storedPolicy("orphan");
            assertThat(stored.getStatus()).isNotNull();
            Condition refs = condition(stored.getStatus().getConditions(), "ResolvedRefs");
            assertThat(refs.getStatus()).isEqualTo("False");
            assertThat(refs.getReason()).isEqualTo("TargetNotFound");
            assertThat(refs.getMessage()).contains("no-such-route");
        });
    }

    @Test
    void theMetricsPortAnswersHealthReadinessAndPrometheusMetrics() throws Exception {
        await().atMost(WAIT).until(() -> condition(kube.stored("shop"), "Programmed") != null
                && "True".equals(condition(kube.stored("shop"), "Programmed").getStatus()));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + operator.metricsPort();
        assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(http, base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("portico_stream_connected_dataplanes 1.0")
                .contains("portico_translate_seconds_count")
                .contains("portico_reconcile_seconds_count{kind=\"GatewayRoute\"")
                .contains("portico_snapshot_bytes_count{kind=\"snapshot\"")
                .contains("portico_stream_push_to_ack_seconds_count")
                .contains("# HELP portico_stream_connected_dataplanes Data planes with an open snapshot stream")
                .contains("# HELP portico_stream_refused_total Stream requests turned away")
                .contains("portico_stream_refused_total{reason=\"unauthorized\"} 0.0");
        assertThat(get(http, base + "/nope").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
