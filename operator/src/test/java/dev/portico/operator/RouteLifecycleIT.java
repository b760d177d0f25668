package dev.portico.operator;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.stream.RawStreamClient;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.stream.StreamMessage;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
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

/** The operator against the emulated API server, with one auto-acking data plane on a raw stream. */
class RouteLifecycleIT {
    private static final String TOKEN = "route-lifecycle-token";
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
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private Route heldRoute(String name) {
        var held = dataPlane.held();
        return held == null ? null : held.routesById().get(NS + "/" + name);
    }

    @Test
    void aRouteIsServedProgrammedUpdatedAndRemoved() {
        kube.service("users");
        kube.endpoints("users", "10.0.0.1", "10.0.0.2");
        kube.apply(kube.route("shop", "/api/users", "users"));

        await().atMost(WAIT).until(() -> heldRoute("shop") != null);
        await().atMost(WAIT).untilAsserted(() -> {
            GatewayRoute stored = kube.stored("shop");
            assertThat(stored.getStatus()).isNotNull();
            assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(1L);
            assertThat(condition(stored, "Accepted").getStatus()).isEqualTo("True");
            assertThat(condition(stored, "ResolvedRefs").getStatus()).isEqualTo("True");
            Condition programmed = condition(stored, "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("True");
            assertThat(programmed.getMessage()).startsWith("1/1 data planes serve generation 1 (snapshot ");
            assertThat(programmed.getObservedGeneration()).isEqualTo(1L);
            assertThat(stored.getStatus().getDataPlanes().getSummary()).isEqualTo("1/1");
            assertThat(stored.getStatus().getBackends()).singleElement()
                    .satisfies(b -> assertThat(b.getReadyEndpoints()).isEqualTo(2));
        });
        String acceptedSince = condition(kube.stored("shop"), "Accepted").getLastTransitionTime();

        GatewayRoute changed = kube.stored("shop");
        changed.getSpec().getRules().get(0).getMatches().get(0).getPath().setValue("/api/people");
        kube.client.resources(GatewayRoute.class).inNamespace(NS).resource(changed).update();

        await().atMost(WAIT).until(() -> heldRoute("shop") != null && heldRoute("shop").generation() == 2);
        await().atMost(WAIT).untilAsserted(() -> {
            GatewayRoute stored = kube.stored("shop");
            assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(2L);
            assertThat(condition(stored, "Programmed").getMessage()).contains("generation 2");
            // still accepted: no transition, so the time stays
            assertThat(condition(stored, "Accepted").getLastTransitionTime()).isEqualTo(acceptedSince);
        });

        kube.client.resources(GatewayRoute.class).inNamespace(NS).withName("shop").delete();
        await().atMost(WAIT).until(() -> dataPlane.held().routes().isEmpty());
    }

    @Test
    void aStatusAnotherClientOverwroteIsPutRightAtOnce() {
        kube.service("users");
        kube.endpoints("users", "10.0.0.1");
        kube.apply(kube.route("shop", "/api/users", "users"));
        await().atMost(WAIT).until(() -> programmed("shop"));

        // what a second operator without data planes (and without leader election) writes over it
        GatewayRoute stale = kube.stored("shop");
        Condition programmed = condition(stale, "Programmed");
        programmed.setStatus("False");
        programmed.setReason("NoDataPlanes");
        programmed.setMessage("0/0 data planes");
        stale.getStatus().getDataPlanes().setSummary("0/0");
        kube.client.resources(GatewayRoute.class).inNamespace(NS).resource(stale).updateStatus();

        await().atMost(WAIT).untilAsserted(() -> {
            GatewayRoute stored = kube.stored("shop");
            assertThat(condition(stored, "Programmed").getStatus()).isEqualTo("True");
            assertThat(stored.getStatus().getDataPlanes().getSummary()).isEqualTo("1/1");
        });
        assertThat(operator.registry().get("portico_status_corrections").tags("kind", "GatewayRoute", "result",
                "corrected").counter().count()).isEqualTo(1);
    }

    private boolean programmed(String name) {
        GatewayRoute stored = kube.stored(name);
        return stored != null && condition(stored, "Programmed") != null
                && "True".equals(condition(stored, "Programmed").getStatus());
    }

    @Test
    void aMissingServiceIsReportedAndResolvedOnceItExists() {
        kube.apply(kube.route("orders", "/api/orders", "orders"));

        await().atMost(WAIT).untilAsserted(() -> {
            Condition refs = condition(kube.stored("orders"), "ResolvedRefs");
            assertThat(refs).isNotNull();
            assertThat(refs.getStatus()).isEqualTo("False");
            assertThat(refs.getReason()).isEqualTo("BackendNotFound");
            assertThat(refs.getMessage()).contains("shop/orders");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            List<Event> events = kube.client.v1().events().inNamespace(NS).list().getItems();
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getInvolvedObject().getName()).isEqualTo("orders");
                assertThat(e.getReason()).isEqualTo("BackendNotFound");
                assertThat(e.getType()).isEqualTo("Warning");
            });
        });

        kube.service("orders");
        await().atMost(WAIT).untilAsserted(() -> {
            Condition refs = condition(kube.stored("orders"), "ResolvedRefs");
            assertThat(refs.getStatus()).isEqualTo("True");
        });
        await().atMost(WAIT).until(() -> dataPlane.held().clustersByName().get("shop/orders:8080").serviceExists());
    }

    @Test
    void anEndpointChangeTravelsAsAClusterOnlyDelta() {
        kube.service("users");
        kube.endpoints("users", "10.0.0.1");
        kube.apply(kube.route("shop", "/api/users", "users"));
        await().atMost(WAIT).until(() -> heldRoute("shop") != null);
        await().atMost(WAIT).until(() -> condition(kube.stored("shop"), "Programmed") != null
                && "True".equals(condition(kube.stored("shop"), "Programmed").getStatus()));
        int before = dataPlane.pushes().size();

        kube.endpoints("users", "10.0.0.1", "10.0.0.7", "10.0.0.8");

        await().atMost(WAIT).until(() -> dataPlane.held().clustersByName().get("shop/users:8080").endpoints().size() == 3);
        List<StreamMessage> after = dataPlane.pushes().subList(before, dataPlane.pushes().size());
        assertThat(after).isNotEmpty().allSatisfy(m -> {
            assertThat(m).isInstanceOf(StreamMessage.DeltaMessage.class);
            var delta = ((StreamMessage.DeltaMessage) m).delta();
            assertThat(delta.routes()).isEmpty();
            assertThat(delta.clusters()).extracting(c -> c.name()).containsOnly("shop/users:8080");
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(kube.stored("shop").getStatus().getBackends())
                .singleElement().satisfies(b -> assertThat(b.getReadyEndpoints()).isEqualTo(3)));
    }

    @Test
    void aSecretAppearingResolvesTheRouteAndItsHashedKeysReachTheDataPlane() {
        kube.service("users");
        GatewayRoute route = kube.route("partners", "/api/partners", "users");
        route.getSpec().setAuth(kube.client.getKubernetesSerialization().unmarshal(
                "apiKeys: {secretRef: {name: partner-keys}}", dev.portico.api.v1alpha1.RouteAuth.class));
        kube.apply(route);
        await().atMost(WAIT).untilAsserted(() -> {
            Condition refs = condition(kube.stored("partners"), "ResolvedRefs");
            assertThat(refs).isNotNull();
            assertThat(refs.getReason()).isEqualTo("SecretNotFound");
        });

        kube.client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("partner-keys").endMetadata()
                .addToStringData("acme", "acme-key-0123456789").build()).create();

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(condition(kube.stored("partners"), "ResolvedRefs").getStatus()).isEqualTo("True"));
        await().atMost(WAIT).untilAsserted(() -> {
            Route held = heldRoute("partners");
            assertThat(held).isNotNull();
            assertThat(held.auth().apiKeys().clients()).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo("acme");
                assertThat(c.keySha256()).hasSize(64).doesNotContain("acme-key");
            });
        });
    }

    /** A data plane that reports its fetch of the route's jwks.uri failing, keyless, makes the route say so. */
    @Test
    void aJwksUriADataPlaneCannotFetchIsInTheRoutesStatusUntilItCan() throws Exception {
        String uri = "https://id.shop.example/jwks.json";
        kube.service("users");
        kube.endpoints("users", "10.0.0.1");
        GatewayRoute route = kube.route("me", "/api/me", "users");
        route.getSpec().setAuth(kube.client.getKubernetesSerialization().unmarshal(
                "jwt: {issuer: https://id.shop.example, audiences: [shop], jwks: {uri: \"" + uri + "\"}}",
                dev.portico.api.v1alpha1.RouteAuth.class));
        kube.apply(route);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(condition(kube.stored("me"), "Programmed").getStatus()).isEqualTo("True"));

        dataPlane.send(new StreamMessage.JwksHealth(List.of(new StreamMessage.JwksFailure(uri, 0,
                "Connection refused"))));
        await().atMost(WAIT).untilAsserted(() -> {
            Condition programmed = condition(kube.stored("me"), "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("False");
            assertThat(programmed.getReason()).isEqualTo("JwksUnavailable");
            assertThat(programmed.getMessage()).isEqualTo("auth.jwt.jwks.uri \"" + uri + "\" gives no usable key to "
                    + "1/1 data planes of gateway default, which refuse every token on this route with 401: "
                    + "[dp-1: Connection refused]");
            assertThat(kube.stored("me").getStatus().getDataPlanes().getSummary()).isEqualTo("0/1");
        });

        dataPlane.send(new StreamMessage.JwksHealth(List.of()));
        await().atMost(WAIT).untilAsserted(() -> {
            Condition programmed = condition(kube.stored("me"), "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("True");
            assertThat(programmed.getMessage()).isEqualTo("1/1 data planes serve generation 1 (snapshot "
                    + kube.stored("me").getStatus().getDataPlanes().getSnapshotVersion() + ")");
        });
    }

    @Test
    void endpointsOfAServiceNoRouteNamesSendNothing() throws Exception {
        kube.service("users");
        kube.endpoints("users", "10.0.0.1");
        kube.apply(kube.route("shop", "/api/users", "users"));
        await().atMost(WAIT).until(() -> condition(kube.stored("shop"), "Programmed") != null
                && "True".equals(condition(kube.stored("shop"), "Programmed").getStatus()));
        int before = dataPlane.pushes().size();

        kube.service("unrelated");
        kube.endpoints("unrelated", "10.9.9.9");

        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> dataPlane.pushes().size() == before);
    }
}
