package dev.portico.apiserver;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The small pure pieces: printer-column JSONPath, ages, field selectors and strategic merge. */
class PrintingAndPatchingTest {

  static final String ROUTE = """
      {"metadata":{"name":"r"},"spec":{"hosts":["a.example","b.example"]},
       "status":{"conditions":[{"type":"Accepted","status":"True"},{"type":"Programmed","status":"False"}]}}""";

  @Test
  void columnPathFiltersConditionsByType() {
    assertThat(ColumnPath.compile(".status.conditions[?(@.type==\"Programmed\")].status").firstValue(ROUTE))
        .isEqualTo("False");
    assertThat(ColumnPath.compile("{.status.conditions[?(@.type=='Accepted')].status}").firstValue(ROUTE))
        .isEqualTo("True");
    assertThat(ColumnPath.compile(".spec.hosts").firstValue(ROUTE)).isEqualTo(List.of("a.example", "b.example"));
    assertThat(ColumnPath.compile(".status.dataPlanes.summary").firstValue(ROUTE)).isNull();
  }

  @Test
  void agesReadLikeKubectlAges() {
    assertThat(HumanDuration.of(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(HumanDuration.of(Duration.ofSeconds(192))).isEqualTo("3m12s");
    assertThat(HumanDuration.of(Duration.ofMinutes(45))).isEqualTo("45m");
    assertThat(HumanDuration.of(Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
    assertThat(HumanDuration.of(Duration.ofHours(52))).isEqualTo("2d4h");
    assertThat(HumanDuration.of(Duration.ofDays(40))).isEqualTo("40d");
  }

  @Test
  void fieldSelectorsMatchNestedFieldsAndNegations() {
    JsonNode event = Json.parse("{\"involvedObject\":{\"name\":\"x\",\"kind\":\"GatewayRoute\"},\"type\":\"Normal\"}");

    assertThat(FieldSelector.parse("involvedObject.name=x,involvedObject.kind==GatewayRoute").test(event)).isTrue();
    assertThat(FieldSelector.parse("involvedObject.name=y").test(event)).isFalse();
    assertThat(FieldSelector.parse("type!=Warning").test(event)).isTrue();
  }

  @Test
  void labelSelectorsSupportEqualityAndSetTerms() {
    JsonNode blue = Json.parse("{\"metadata\":{\"labels\":{\"color\":\"blue\",\"tier\":\"web\"}}}");
    JsonNode bare = Json.parse("{\"metadata\":{}}");

    assertThat(LabelSelector.parse("color=blue,tier").test(blue)).isTrue();
    assertThat(LabelSelector.parse("color in (red, blue)").test(blue)).isTrue();
    assertThat(LabelSelector.parse("color in (red,green),tier").test(blue)).isFalse();
    assertThat(LabelSelector.parse("color notin (blue)").test(blue)).isFalse();
    assertThat(LabelSelector.parse("color notin (blue)").test(bare)).isTrue();
    assertThat(LabelSelector.parse("color!=blue").test(bare)).isTrue();
    assertThat(LabelSelector.parse("!tier").test(blue)).isFalse();
    assertThat(LabelSelector.parse("color==blue").test(blue)).isTrue();
  }

  @Test
  void strategicMergeMergesKeyedListsAndHonoursDeleteDirectives() {
    JsonNode live = Json.parse("""
        {"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"admin","port":9901}],
         "selector":{"app":"a"}},"metadata":{"finalizers":["a","b"]}}""");
    JsonNode patch = Json.parse("""
        {"spec":{"$setElementOrder/ports":[{"port":81},{"port":9901}],
                 "ports":[{"name":"http","port":81,"targetPort":8080},{"$patch":"delete","port":80}]},
         "metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""");

    JsonNode patched = StrategicMergePatch.apply(live, patch);

    assertThat(Json.MAPPER.convertValue(patched.path("spec").path("ports"), List.class)).isEqualTo(List.of(
        Map.of("name", "http", "port", 81, "targetPort", 8080), Map.of("name", "admin", "port", 9901)));
    assertThat(patched.path("spec").path("selector").path("app").asString()).isEqualTo("a");
    assertThat(patched.path("metadata").path("finalizers").toString()).isEqualTo("[\"b\"]");
    assertThat(patched.toString()).doesNotContain("$");
  }
}
