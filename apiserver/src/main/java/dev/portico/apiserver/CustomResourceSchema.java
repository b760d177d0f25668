package dev.portico.apiserver;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validates custom resources against their CRD's openAPIV3Schema with the networknt JSON Schema validator,
 * reporting each violation as the real API server words it ({@code spec.x: Invalid value: -1: ...}).
 */
final class CustomResourceSchema {

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
  private static final Map<String, CustomResourceSchema> CACHE = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CustomResourceSchema> eldest) {
          return size() > 64;
        }
      });

  private final JsonNode openApi;
  private final JsonNode jsonSchema;
  private final Schema schema;

  private CustomResourceSchema(JsonNode openApi) {
    this.openApi = openApi;
    this.jsonSchema = CrdSchemaConversion.toJsonSchema(openApi);
    this.schema = REGISTRY.getSchema(jsonSchema);
  }

  // the catalog hands out the same schema node until a CRD changes: most writes find theirs here without
  // serializing the whole schema to look it up by text
  private static final Map<JsonNode, CustomResourceSchema> BY_NODE = java.util.Collections.synchronizedMap(
      new java.util.IdentityHashMap<>());

  /** The compiled schema of a type; compiled once per distinct schema. */
  static CustomResourceSchema of(ResourceType type) {
    CustomResourceSchema known = BY_NODE.get(type.schema());
    if (known != null) {
      return known;
    }
    CustomResourceSchema schema = CACHE.computeIfAbsent(Json.write(type.schema()),
        json -> new CustomResourceSchema(type.schema()));
    synchronized (BY_NODE) {
      if (BY_NODE.size() >= 64) {
        BY_NODE.clear(); // nodes of replaced CRDs would otherwise stay
      }
      BY_NODE.put(type.schema(), schema);
    }
    return schema;
  }

  JsonNode openApi() {
    return openApi;
  }

  List<FieldError> validate(JsonNode object) {
    List<FieldError> errors = new ArrayList<>();
    for (Error error : schema.validate(object)) {
      FieldError converted = convert(error);
      if (!errors.contains(converted)) {
        errors.add(converted);
      }
    }
    return errors;
  }

  private FieldError convert(Error error) {
    String field = fieldPath(error.getInstanceLocation());
    JsonNode value = error.getInstanceNode();
    JsonNode schemaNode = error.getSchemaNode();
    // the validator reports either the keyword's value or the schema holding it
    JsonNode keywordValue = schemaNode != null && schemaNode.isObject() && schemaNode.has(error.getKeyword())
        ? schemaNode.get(error.getKeyword()) : schemaNode;
    String shown = shown(value);
    String bound = keywordValue == null ? "" : keywordValue.isString() ? keywordValue.asString() : written(keywordValue);
    switch (error.getKeyword()) {
      case "required": {
        String missing = error.getProperty() != null ? error.getProperty()
            : error.getArguments() != null && error.getArguments().length > 0 ? String.valueOf(error.getArguments()[0]) : "";
        return new FieldError(field.isEmpty() ? missing : field + "." + missing, "FieldValueRequired", "Required value");
      }
      case "enum": {
        String supported = keywordValue == null ? "" : java.util.stream.StreamSupport.stream(keywordValue.spliterator(), false)
            .map(v -> v.isString() ? "\"" + v.asString() + "\"" : Json.write(v)).collect(Collectors.joining(", "));
        return new FieldError(field, "FieldValueNotSupported", "Unsupported value: " + shown + ": supported values: " + supported);
      }
      case "minimum": // OpenAPI v3.0 (draft 4): a boolean exclusiveMinimum next to minimum makes it strict
        return invalid(field, shown, field + " in body should be greater than "
            + (besideKeyword(error, "exclusiveMinimum") ? "" : "or equal to ") + bound);
      case "maximum":
        return invalid(field, shown, field + " in body should be less than "
            + (besideKeyword(error, "exclusiveMaximum") ? "" : "or equal to ") + bound);
      case "exclusiveMinimum":
        return invalid(field, shown, field + " in body should be greater than " + minOrBound(error, "minimum"));
      case "exclusiveMaximum":
        return invalid(field, shown, field + " in body should be less than " + minOrBound(error, "maximum"));
      case "type":
        return new FieldError(field, "FieldValueTypeInvalid", "Invalid value: " + shown + ": " + field
            + " in body must be of type " + bound.replace("\"", "").replace("[", "").replace("]", "") + ": " + shown);
      case "pattern":
        return invalid(field, shown, field + " in body should match '" + bound + "'");
      case "minLength":
        return invalid(field, shown, field + " in body should be at least " + bound + " chars long");
      case "maxLength":
        return new FieldError(field, "FieldValueTooLong", "Too long: may not be more than " + bound + " bytes");
      case "minItems":
        return invalid(field, String.valueOf(value == null ? 0 : value.size()),
            field + " in body should have at least " + bound + " items");
      case "maxItems":
        return new FieldError(field, "FieldValueTooMany", "Too many: " + (value == null ? 0 : value.size())
            + ": must have at most " + bound + " items");
      case "oneOf":
        return invalid(field, shown, "must validate one and only one schema (oneOf)");
      case "anyOf":
        return invalid(field, shown, "must validate at least one schema (anyOf)");
      case "not":
        return invalid(field, shown, "must not validate the schema (not)");
      default:
        return invalid(field, shown, error.getMessage().replaceFirst("^\\$[^:]*: ", ""));
    }
  }

  /** Values as the API server quotes them: strings quoted, numbers bare, objects and lists by their type. */
  private static String shown(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isString()) {
      return goQuoted(value.asString());
    }
    if (value.isObject()) {
      return "\"object\"";
    }
    if (value.isArray()) {
      return "\"array\"";
    }
    return Json.write(value);
  }

  /** A string as Go's {@code %q} prints it, so a value with a line break stays on one line of the message. */
  static String goQuoted(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case 11 -> out.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else if (c >= 0x80 && c < 0xa0) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String minOrBound(Error error, String keyword) {
    JsonNode node = error.getSchemaNode() == null ? null : error.getSchemaNode().get(keyword);
    return node == null ? "" : written(node);
  }

  /**
   * A schema value as the API server prints it (Go's {@code %v}): the CRD generator writes bounds as doubles
   * ({@code maximum: 65535.0}), which Go prints as {@code 65535}.
   */
  private static String written(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros().toPlainString();
    }
    return Json.write(node);
  }

  /** Whether the schema object holding the failed keyword also says {@code flag: true}. */
  private boolean besideKeyword(Error error, String flag) {
    NodePath keyword = error.getSchemaLocation() == null ? null : error.getSchemaLocation().getFragment();
    if (keyword == null || keyword.getNameCount() == 0) {
      return false;
    }
    JsonNode holder = jsonSchema;
    for (int i = 0; i < keyword.getNameCount() - 1; i++) { // down to the keyword's parent
      Object step = keyword.getElement(i);
      holder = step instanceof Integer index ? holder.path(index) : holder.path(String.valueOf(step));
    }
    return holder.path(flag).asBoolean(false);
  }

  private static FieldError invalid(String field, String shown, String why) {
    return new FieldError(field, "FieldValueInvalid", "Invalid value: " + shown + ": " + why);
  }

  /** {@code spec.rules[0].backends[0].weight} from the validator's instance location. */
  static String fieldPath(NodePath location) {
    StringBuilder path = new StringBuilder();
    if (location == null) {
      return "";
    }
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(element);
      }
    }
    return path.toString();
  }
}
