package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The one JSON mapper of the emulated API (Jackson 3, as Fabric8 8 uses). */
final class Json {

  static final JsonMapper MAPPER = JsonMapper.builder().build();
  static final YAMLMapper YAML = YAMLMapper.builder().build();

  private Json() {
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static JsonNode parse(String json) {
    return MAPPER.readTree(json);
  }

  static String write(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  static ArrayNode strings(Iterable<String> values) {
    ArrayNode array = array();
    values.forEach(array::add);
    return array;
  }
}
