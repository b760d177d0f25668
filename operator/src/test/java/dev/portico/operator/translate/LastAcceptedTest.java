package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.GatewayRouteStatus;
import dev.portico.api.v1alpha1.LastAcceptedPolicy;
import dev.portico.api.v1alpha1.LastAcceptedRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.api.v1alpha1.RateLimitPolicyStatus;
import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LastAcceptedTest {
    private static final ObjectRef SHOP = new ObjectRef("shop", "shop");

    private static GatewayRoute route(String uid, long generation, String path) {
        return ManifestFile.parse("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: shop, namespace: shop, uid: %s, generation: %d}
                spec:
                  rules:
                  - matches: [{path: {type: RegularExpression, value: "%s"}}]
                    backends: [{service: app, port: 8080}]
                """.formatted(uid, generation, path)).routes().get(0);
    }

    /** Translates {@code route} alone and lets the store take in the verdict, as the watch layer does. */
    private static Translation translate(LastAccepted store, GatewayRoute route) {
        Translation translation = Translator.translate(new KubernetesObjects(route == null ? List.of() : List.of(route),
                List.of(), List.of(), List.of(), List.of()), store);
        store.remember(translation, ref -> route, ref -> null);
        return translation;
    }

    @Test
    void aRefusedGenerationIsServedAsTheLastAcceptedOneOfTheSameObject() {
        LastAccepted store = new LastAccepted();
        translate(store, route("u1", 1, "/a/.*"));
        Translation refused = translate(store, route("u1", 2, "/a(/.*"));
        assertThat(refused.routes().get(SHOP).servedGeneration()).isEqualTo(1);
        assertThat(refused.snapshotFor("default").route("shop", "shop").generation()).isEqualTo(1);

        Translation againRefused = translate(store, route("u1", 3, "/b(/.*"));
        assertThat(againRefused.routes().get(SHOP).servedGeneration()).as("a refusal is never remembered").isEqualTo(1);
    }

    @Test
    void aNewUidOrADeletionForgetsTheLastAcceptedGeneration() {
        LastAccepted store = new LastAccepted();
        translate(store, route("u1", 1, "/a/.*"));
        Translation recreated = translate(store, route("u2", 2, "/a(/.*"));
        assertThat(recreated.routes().get(SHOP).servedGeneration()).isEqualTo(-1);
        assertThat(recreated.snapshotFor("default").routes()).isEmpty();
        assertThat(store.size()).isZero();

        translate(store, route("u3", 1, "/a/.*"));
        assertThat(store.size()).isOne();
        translate(store, null);
        assertThat(store.size()).isZero();
    }

    /** {@code route} with status.lastAccepted saying {@code saved} is served, as an operator before wrote it. */
    private static GatewayRoute withSaved(GatewayRoute route, GatewayRoute saved) {
        GatewayRouteStatus status = new GatewayRouteStatus();
        status.setLastAccepted(new LastAcceptedRoute(saved.getMetadata().getGeneration(), saved.getSpec()));
        route.setStatus(status);
        return route;
    }

    @Test
    void aFreshStoreIsSeededFromStatusSoARestartedOperatorServesTheSameGeneration() {
        LastAccepted store = new LastAccepted(); // a restarted operator: nothing in memory
        GatewayRoute refused = withSaved(route("u1", 2, "/a(/.*"), route("u1", 1, "/a/.*"));
        store.seed(List.of(refused), List.of());

        Translation translation = translate(store, refused);
        RouteFacts facts = translation.routes().get(SHOP);
        assertThat(facts.generation()).isEqualTo(2);
        assertThat(facts.servedGeneration()).isEqualTo(1);
        assertThat(facts.lastAcceptedSpec()).isEqualTo(route("u1", 1, "/a/.*").getSpec());
        var served = translation.snapshotFor("default").route("shop", "shop");
        assertThat(served.generation()).isEqualTo(1);
        assertThat(served.rules().get(0).matches().get(0).path().value()).isEqualTo("/a/.*");

        // the fix is accepted: served as itself, and nothing is left to put in status
        Translation fixed = translate(store, withSaved(route("u1", 3, "/a/b.*"), route("u1", 1, "/a/.*")));
        assertThat(fixed.routes().get(SHOP).servedGeneration()).isEqualTo(3);
        assertThat(fixed.routes().get(SHOP).lastAcceptedSpec()).isNull();
    }

    @Test
    void memoryWinsOverStatusAndStatusOfTheCurrentOrALaterGenerationIsIgnored() {
        LastAccepted store = new LastAccepted();
        translate(store, route("u1", 2, "/b/.*")); // remembered: generation 2
        GatewayRoute refused = withSaved(route("u1", 3, "/a(/.*"), route("u1", 1, "/a/.*"));
        store.seed(List.of(refused), List.of());
        assertThat(translate(store, refused).routes().get(SHOP).servedGeneration()).as("memory").isEqualTo(2);

        LastAccepted fresh = new LastAccepted();
        GatewayRoute notOlder = withSaved(route("u1", 3, "/a(/.*"), route("u1", 3, "/a/.*"));
        fresh.seed(List.of(notOlder), List.of());
        assertThat(fresh.size()).isZero();
        assertThat(translate(fresh, notOlder).routes().get(SHOP).servedGeneration()).isEqualTo(-1);
    }

    @Test
    void aPolicyIsSeededFromItsStatusToo() {
        RateLimitPolicy policy = ManifestFile.parse("""
                apiVersion: portico.dev/v1alpha1
                kind: RateLimitPolicy
                metadata: {name: per-ip, namespace: shop, uid: p1, generation: 2}
                spec:
                  targetRefs: [{kind: GatewayRoute, name: shop}]
                  limits: [{name: l, requests: 5, period: 48h, key: {type: ClientIP}}]
                """).policies().get(0);
        RateLimitPolicy before = ManifestFile.parse("""
                apiVersion: portico.dev/v1alpha1
                kind: RateLimitPolicy
                metadata: {name: per-ip, namespace: shop, uid: p1, generation: 1}
                spec:
                  targetRefs: [{kind: GatewayRoute, name: shop}]
                  limits: [{name: l, requests: 5, period: 1m, key: {type: ClientIP}}]
                """).policies().get(0);
        RateLimitPolicyStatus status = new RateLimitPolicyStatus();
        status.setLastAccepted(new LastAcceptedPolicy(1L, before.getSpec()));
        policy.setStatus(status);
        LastAccepted store = new LastAccepted();
        store.seed(List.of(), List.of(policy));

        assertThat(store.policyBefore(policy).getSpec()).isEqualTo(before.getSpec());
        assertThat(store.policyBefore(policy).getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(store.policyBefore(policy).getMetadata().getUid()).isEqualTo("p1");
    }
}
