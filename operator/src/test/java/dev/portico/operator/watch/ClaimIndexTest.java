package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.resolve.ObjectRef;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The index brought up to date for the touched routes only ({@link ClaimIndex#refresh}). */
class ClaimIndexTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final ObjectRef SHOP = new ObjectRef("ns", "shop");
    private static final ObjectRef CART = new ObjectRef("ns", "cart");

    private final Map<ObjectRef, GatewayRoute> cache = new HashMap<>();
    private final ClaimIndex index = new ClaimIndex();

    @Test
    void aStatusWriteIsNoNewsButANewGenerationOrADeletionIs() {
        put("shop", "uid-1", 1, "/shop");
        put("cart", "uid-2", 1, "/cart");
        index.update(cache.values());

        put("shop", "uid-1", 1, "/shop"); // a status write: a new object, same generation
        assertThat(index.refresh(Set.of(SHOP), cache::get)).isEmpty();
        assertThat(index.route(SHOP)).isSameAs(cache.get(SHOP));

        put("shop", "uid-1", 2, "/store");
        cache.remove(CART);
        assertThat(index.refresh(Set.of(SHOP, CART), cache::get)).containsExactlyInAnyOrder(SHOP, CART);
        assertThat(index.present()).containsExactly(SHOP);
        assertThat(index.claiming("default||/store")).containsExactly(SHOP);
        assertThat(index.claiming("default||/shop")).isEmpty();
    }

    @Test
    void aRouteCreatedAgainUnderItsNameIsNewsThoughItsGenerationIsTheSame() {
        put("shop", "uid-1", 1, "/shop");
        index.update(cache.values());

        put("shop", "uid-9", 1, "/store"); // deleted and created again between two looks
        assertThat(index.refresh(Set.of(SHOP), cache::get)).containsExactly(SHOP);
        assertThat(index.keysOf(SHOP)).containsExactly("default||/store");
    }

    @Test
    void untouchedRoutesStayAsTheIndexLastSawThem() {
        put("shop", "uid-1", 1, "/shop");
        index.update(List.copyOf(cache.values()));
        GatewayRoute seen = cache.get(SHOP);

        put("shop", "uid-1", 2, "/store"); // its event has not come yet
        assertThat(index.refresh(Set.of(), cache::get)).isEmpty();
        assertThat(index.route(SHOP)).isSameAs(seen);
    }

    private void put(String name, String uid, long generation, String path) {
        cache.put(new ObjectRef("ns", name), YAML.unmarshal("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: %s, namespace: ns, uid: %s, generation: %d}
                spec:
                  rules:
                  - matches: [{path: {type: PathPrefix, value: %s}}]
                    backends: [{service: svc, port: 80}]
                """.formatted(name, uid, generation, path), GatewayRoute.class));
    }
}
