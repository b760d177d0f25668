package dev.portico.operator.translate;

import dev.portico.snapshot.codec.SnapshotJson;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Translation} as deterministic YAML: the snapshots in their wire JSON form (keys sorted) and the
 * status facts, each keyed by gateway or {@code namespace/name}.
 */
final class TranslationYaml {

    private TranslationYaml() {
    }

    static String render(Translation translation) {
        Map<String, Object> snapshots = new LinkedHashMap<>();
        translation.snapshots().forEach((gateway, snapshot) -> snapshots.put(gateway, snapshot));
        Map<String, Object> routes = new LinkedHashMap<>();
        translation.routes().forEach((ref, facts) -> routes.put(ref.toString(), facts));
        Map<String, Object> policies = new LinkedHashMap<>();
        translation.policies().forEach((ref, facts) -> policies.put(ref.toString(), facts));
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("snapshots", snapshots);
        all.put("routeStatus", routes);
        all.put("policyStatus", policies);
        // The snapshot's own (Jackson 2) codec decides the JSON; Fabric8's YAML writer only re-renders it.
        byte[] json = SnapshotJson.canonicalBytes(all);
        return Serialization.yamlMapper().writeValueAsString(Serialization.jsonMapper().readTree(json));
    }
}
