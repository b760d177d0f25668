package dev.portico.api.v1alpha1;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The committed CRDs' {@code openAPIV3Schema}s as JSON Schema validators, one per kind.
 * Validation mimics an API server with strict field validation (kubectl's default): an object
 * schema that lists its properties rejects any other, as the server reports unknown fields.
 */
final class CrdSchemas {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Map<String, Schema> byKind = new HashMap<>();

    private CrdSchemas() {
    }

    static CrdSchemas loadCommitted() throws IOException {
        CrdSchemas schemas = new CrdSchemas();
        // LEGACY paths read like kubectl's: $.spec.rules[0].timeout
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.LEGACY).build();
        SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
                builder -> builder.schemaRegistryConfig(config));
        Path dir = CrdFiles.committedDir();
        for (String name : CrdFiles.yamlNames(dir)) {
            JsonNode crd = YAML.readTree(Files.readString(dir.resolve(name)));
            String kind = crd.at("/spec/names/kind").asString();
            ObjectNode schema = (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
            ObjectNode root = (ObjectNode) schema.get("properties");
            // the API server knows these three without the CRD listing them
            root.putObject("apiVersion").put("type", "string");
            root.putObject("kind").put("type", "string");
            root.putObject("metadata").put("type", "object");
            closeObjects(schema);
            schemas.byKind.put(kind, registry.getSchema(schema));
        }
        return schemas;
    }

    /** Errors of a manifest against the schema of its kind; empty when it is valid. */
    List<Error> validate(JsonNode manifest) {
        String kind = manifest.path("kind").asString();
        Schema schema = byKind.get(kind);
        if (schema == null) {
            throw new IllegalArgumentException("no committed CRD for kind '" + kind + "'");
        }
        return schema.validate(manifest);
    }

    /** Dotted field path an error is about: the location, plus the property that is missing or unknown. */
    static String fieldPath(Error error) {
        NodePath path = error.getInstanceLocation();
        StringBuilder location = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                location.append('[').append(index).append(']');
            } else {
                location.append(location.isEmpty() ? "" : ".").append(element);
            }
        }
        String keyword = error.getKeyword();
        if (("required".equals(keyword) || "additionalProperties".equals(keyword)) && error.getProperty() != null) {
            return location.isEmpty() ? error.getProperty() : location + "." + error.getProperty();
        }
        return location.toString();
    }

    private static void closeObjects(JsonNode schema) {
        if (!(schema instanceof ObjectNode node)) {
            return;
        }
        JsonNode properties = node.get("properties");
        if (properties != null && properties.isObject()) {
            if (!node.has("additionalProperties") && !node.has("x-kubernetes-preserve-unknown-fields")) {
                node.put("additionalProperties", false);
            }
            properties.forEach(CrdSchemas::closeObjects);
        }
        if (node.has("items")) {
            closeObjects(node.get("items"));
        }
        if (node.get("additionalProperties") instanceof ObjectNode values) {
            closeObjects(values);
        }
    }
}
