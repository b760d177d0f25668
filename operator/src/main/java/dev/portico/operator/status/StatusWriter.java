package dev.portico.operator.status;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.GatewayRouteStatus;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.api.v1alpha1.RateLimitPolicyStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes a whole status with a JSON merge patch of the status subresource. A merge patch replaces the
 * conditions list as one value, so a reconcile that read a stale copy from the cache can never leave a
 * condition with one write's reason and another's message (which a computed JSON Patch diff can).
 */
public final class StatusWriter {

    public void route(KubernetesClient client, GatewayRoute route, GatewayRouteStatus status) {
        GatewayRoute patch = new GatewayRoute();
        patch.setMetadata(new ObjectMetaBuilder().withName(route.getMetadata().getName())
                .withNamespace(route.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        write(() -> client.resources(GatewayRoute.class).inNamespace(route.getMetadata().getNamespace())
                .withName(route.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    public void policy(KubernetesClient client, RateLimitPolicy policy, RateLimitPolicyStatus status) {
        RateLimitPolicy patch = new RateLimitPolicy();
        patch.setMetadata(new ObjectMetaBuilder().withName(policy.getMetadata().getName())
                .withNamespace(policy.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        write(() -> client.resources(RateLimitPolicy.class).inNamespace(policy.getMetadata().getNamespace())
                .withName(policy.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    private static void write(Runnable patch) {
        try {
            patch.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) { // deleted meanwhile: nothing left to report on
                throw e;
            }
        }
    }
}
