package dev.portico.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a whole status with a JSON merge patch of the status subresource. A merge patch replaces the
 * conditions list as one value, so a reconcile that read a stale copy from the cache can never leave a
 * condition with one write's reason and another's message (which a computed JSON Patch diff can). A merge patch
 * leaves a field it does not name as it was, so the status fields that come and go ({@code lastAccepted}) are
 * sent as null when absent: that removes them.
 */
public final class StatusWriter<S, R extends CustomResource<?, S>> {
    private final Class<R> type;
    private final Supplier<R> blank;
    private final List<String> optional;

    /** @param optional the status fields that may be absent from a status this writer writes */
    public StatusWriter(Class<R> type, Supplier<R> blank, String... optional) {
        this.type = type;
        this.blank = blank;
        this.optional = List.of(optional);
    }

    public void write(KubernetesClient client, R resource, S status) {
        R patch = blank.get();
        patch.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = serialization.convertValue(patch, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> statusJson = (Map<String, Object>) json.get("status");
        optional.forEach(field -> statusJson.putIfAbsent(field, null)); // JSON merge patch: null removes
        try {
            client.resources(type).inNamespace(resource.getMetadata().getNamespace())
                    .withName(resource.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), serialization.asJson(json));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) { // deleted meanwhile: nothing left to report on
                throw e;
            }
        }
    }
}
