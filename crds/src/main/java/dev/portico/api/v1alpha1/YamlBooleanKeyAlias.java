package dev.portico.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Build-time schema customizer: for a property whose name YAML 1.1 reads as a boolean (input
 * {@code on}), adds the same schema under {@code "true"}. kubectl parses manifests as YAML 1.1,
 * so an unquoted {@code on:} reaches the API server as {@code "true"}; with the alias the
 * manifest is still accepted and the Java field maps it back ({@code @JsonAlias("true")}).
 */
public final class YamlBooleanKeyAlias implements SchemaCustomizer.Customizer {

    @Override
    @SuppressWarnings("unchecked")
    public JSONSchemaProps apply(JSONSchemaProps props, String input, KubernetesSerialization serialization) {
        Map<String, Object> schema = serialization.convertValue(props, LinkedHashMap.class);
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        if (properties == null || !(properties.get(input) instanceof Map<?, ?> original)) {
            throw new IllegalArgumentException("no property '" + input + "' to alias in " + schema);
        }
        Map<String, Object> alias = new LinkedHashMap<>((Map<String, Object>) original);
        alias.put("description", "Same as '" + input + "': the name kubectl gives an unquoted '" + input
                + ":' key (YAML 1.1 reads it as true).");
        properties.put("true", alias);
        return serialization.convertValue(schema, JSONSchemaProps.class);
    }
}
