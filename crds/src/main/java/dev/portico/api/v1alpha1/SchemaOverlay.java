package dev.portico.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Build-time schema customizer for the CRD generator: deep-merges a JSON object into the schema
 * generated for a class. Fabric8's own merge-patch customizer replaces nested objects whole
 * (it would drop {@code properties.spec} when only its description is patched), hence this one.
 * Used only while generating the CRDs; nothing calls it at run time.
 */
public final class SchemaOverlay implements SchemaCustomizer.Customizer {

    @Override
    @SuppressWarnings("unchecked")
    public JSONSchemaProps apply(JSONSchemaProps props, String input, KubernetesSerialization serialization) {
        Map<String, Object> schema = serialization.convertValue(props, LinkedHashMap.class);
        Map<String, Object> overlay = serialization.unmarshal(input, LinkedHashMap.class);
        merge(schema, overlay);
        return serialization.convertValue(schema, JSONSchemaProps.class);
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> overlay) {
        overlay.forEach((key, value) -> {
            Object existing = target.get(key);
            if (existing instanceof Map && value instanceof Map) {
                merge((Map<String, Object>) existing, (Map<String, Object>) value);
            } else {
                target.put(key, value);
            }
        });
    }
}
