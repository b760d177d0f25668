package dev.portico.apiserver;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CRD schemas are OpenAPI, not JSON Schema: their Kubernetes-specific parts must validate as a real server does. */
class CustomResourceSchemaTest {

  static final String SCHEMA = """
      type: object
      properties:
        spec:
          type: object
          required: [mode]
          x-kubernetes-validations: [{rule: "self.mode != 'x'"}]
          properties:
            mode: {type: string, enum: [Fast, Safe]}
            note: {type: string, nullable: true}
            port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
            timeout: {type: string, format: duration, pattern: '^[0-9]+(ms|s|m|h)$'}
            extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
            labels: {type: object, additionalProperties: {type: string}}
            items: {type: array, maxItems: 2, items: {type: integer, minimum: 0}}
            weight: {type: number, maximum: 65535.0, exclusiveMinimum: true, minimum: 0.5}
      """;

  static ResourceType type() {
    return new ResourceType("example.dev", "v1", "Widget", "widgets", "widget", true, List.of(), List.of(), true,
        Json.YAML.readTree(SCHEMA), List.of(), true);
  }

  static List<FieldError> validate(String specYaml) {
    ObjectNode object = Json.object();
    object.put("apiVersion", "example.dev/v1");
    object.put("kind", "Widget");
    object.putObject("metadata").put("name", "w");
    object.set("spec", Json.YAML.readTree(specYaml));
    return CustomResourceSchema.of(type()).validate(object);
  }

  @Test
  void kubernetesExtensionsNullableAndIntOrStringAreAccepted() {
    assertThat(validate("{mode: Fast, note: null, port: 8080, timeout: 10s, extra: {anything: [1, 2]}}")).isEmpty();
    assertThat(validate("{mode: Safe, port: http, labels: {a: b}}")).isEmpty();
  }

  @Test
  void goDurationsAreNotJudgedAsIsoDurations() {
    assertThat(validate("{mode: Fast, timeout: 250ms}")).isEmpty();
  }

  @Test
  void violationsAreWordedAsTheApiServerWordsThem() {
    assertThat(validate("{note: x}")).containsExactly(new FieldError("spec.mode", "FieldValueRequired", "Required value"));
    assertThat(validate("{mode: Slow}")).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("spec.mode");
      assertThat(e.reason()).isEqualTo("FieldValueNotSupported");
      assertThat(e.detail()).isEqualTo("Unsupported value: \"Slow\": supported values: \"Fast\", \"Safe\"");
    });
    assertThat(validate("{mode: Fast, items: [1, 2, 3]}")).singleElement()
        .satisfies(e -> assertThat(e.text()).isEqualTo("spec.items: Too many: 3: must have at most 2 items"));
    assertThat(validate("{mode: Fast, items: [-4]}")).singleElement().satisfies(e -> assertThat(e.text())
        .isEqualTo("spec.items[0]: Invalid value: -4: spec.items[0] in body should be greater than or equal to 0"));
    // the CRD generator writes bounds as doubles; the API server prints them as Go's %v does
    assertThat(validate("{mode: Fast, weight: 99999}")).singleElement().satisfies(e -> assertThat(e.text())
        .isEqualTo("spec.weight: Invalid value: 99999: spec.weight in body should be less than or equal to 65535"));
    assertThat(validate("{mode: Fast, weight: 0}")).singleElement().satisfies(e -> assertThat(e.text())
        .isEqualTo("spec.weight: Invalid value: 0: spec.weight in body should be greater than 0.5"));
    assertThat(validate("{mode: Fast, weight: 0.5}")).singleElement().satisfies(e -> assertThat(e.text())
        .isEqualTo("spec.weight: Invalid value: 0.5: spec.weight in body should be greater than 0.5"));
    assertThat(validate("{mode: Fast, labels: {a: 1}}")).singleElement()
        .satisfies(e -> assertThat(e.text()).startsWith("spec.labels.a: Invalid value: 1: spec.labels.a in body must be of type string"));
  }

  @Test
  void undeclaredFieldsAreFoundAndPrunedButPreservedWhereTheSchemaSaysSo() {
    JsonNode schema = type().schema();
    ObjectNode object = (ObjectNode) Json.YAML.readTree("""
        apiVersion: example.dev/v1
        kind: Widget
        metadata: {name: w, labels: {a: b}}
        spec: {mode: Fast, bogus: 1, extra: {kept: true}, items: [1]}
        other: 2
        """);

    assertThat(SchemaDefaults.unknownFields(schema, object, "", true)).containsExactly("spec.bogus", "other");
    assertThat(object.path("spec").has("bogus")).isFalse();
    assertThat(object.path("spec").path("extra").path("kept").asBoolean()).isTrue();
    assertThat(object.path("metadata").path("labels").path("a").asString()).isEqualTo("b");
  }

  @Test
  void defaultsAreFilledInAtEveryDepth() {
    JsonNode schema = Json.YAML.readTree("""
        type: object
        properties:
          spec:
            type: object
            properties:
              gateway: {type: string, default: default}
              backends:
                type: array
                items: {type: object, properties: {weight: {type: integer, default: 1}, port: {type: integer}}}
        """);
    ObjectNode object = (ObjectNode) Json.YAML.readTree("{spec: {backends: [{port: 80}, {port: 81, weight: 5}]}}");

    SchemaDefaults.apply(schema, object);

    assertThat(object.path("spec").path("gateway").asString()).isEqualTo("default");
    assertThat(object.path("spec").path("backends").get(0).path("weight").asInt()).isEqualTo(1);
    assertThat(object.path("spec").path("backends").get(1).path("weight").asInt()).isEqualTo(5);
  }
}
