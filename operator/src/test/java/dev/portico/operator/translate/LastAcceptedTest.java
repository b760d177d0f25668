package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.GatewayRoute;
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
}
