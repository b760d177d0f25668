package dev.portico.apiserver;

import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads the Kubernetes protobuf encoding ({@code application/vnd.kubernetes.protobuf}) of the few objects
 * {@code kubectl create namespace|configmap|secret} send that way, turning them into JSON; anything else
 * in protobuf is refused with 415 by the caller (null here).
 */
final class ProtobufObjects {

  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  private ProtobufObjects() {
  }

  /** The object as JSON, or null when it is not one of the kinds understood here. */
  static ObjectNode decode(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      return null;
    }
    Reader unknown = new Reader(Arrays.copyOfRange(body, MAGIC.length, body.length));
    String apiVersion = "";
    String kind = "";
    byte[] raw = new byte[0];
    while (unknown.more()) {
      int tag = unknown.tag();
      if (tag >>> 3 == 1 && (tag & 7) == 2) {
        Reader typeMeta = new Reader(unknown.bytes());
        while (typeMeta.more()) {
          int t = typeMeta.tag();
          if (t >>> 3 == 1) {
            apiVersion = typeMeta.string();
          } else if (t >>> 3 == 2) {
            kind = typeMeta.string();
          } else {
            typeMeta.skip(t);
          }
        }
      } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
        raw = unknown.bytes();
      } else {
        unknown.skip(tag);
      }
    }
    if (!apiVersion.equals("v1") || !(kind.equals("Namespace") || kind.equals("ConfigMap") || kind.equals("Secret"))) {
      return null;
    }
    ObjectNode object = Json.object();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    Reader fields = new Reader(raw);
    while (fields.more()) {
      int tag = fields.tag();
      int field = tag >>> 3;
      if (field == 1 && (tag & 7) == 2) {
        object.set("metadata", metadata(fields.bytes()));
      } else if (kind.equals("ConfigMap") && field == 2) {
        entry(object.withObjectProperty("data"), fields.bytes(), false);
      } else if (kind.equals("ConfigMap") && field == 3) {
        entry(object.withObjectProperty("binaryData"), fields.bytes(), true);
      } else if (kind.equals("Secret") && field == 2) {
        entry(object.withObjectProperty("data"), fields.bytes(), true);
      } else if (kind.equals("Secret") && field == 3) {
        putText(object, "type", fields.string());
      } else if (kind.equals("Secret") && field == 4) {
        entry(object.withObjectProperty("stringData"), fields.bytes(), false);
      } else if (!kind.equals("Namespace") && field == (kind.equals("Secret") ? 5 : 4) && (tag & 7) == 0) {
        object.put("immutable", fields.varint() != 0);
      } else {
        fields.skip(tag);
      }
    }
    return object;
  }

  private static ObjectNode metadata(byte[] bytes) {
    ObjectNode metadata = Json.object();
    Reader fields = new Reader(bytes);
    while (fields.more()) {
      int tag = fields.tag();
      switch (tag >>> 3) {
        case 1 -> putText(metadata, "name", fields.string());
        case 2 -> putText(metadata, "generateName", fields.string());
        case 3 -> putText(metadata, "namespace", fields.string());
        case 11 -> entry(metadata.withObjectProperty("labels"), fields.bytes(), false);
        case 12 -> entry(metadata.withObjectProperty("annotations"), fields.bytes(), false);
        case 14 -> metadata.withArrayProperty("finalizers").add(fields.string());
        default -> fields.skip(tag);
      }
    }
    return metadata;
  }

  // Go writes every string field, set or not: an empty one means absent
  private static void putText(ObjectNode object, String name, String value) {
    if (!value.isEmpty()) {
      object.put(name, value);
    }
  }

  private static void entry(ObjectNode map, byte[] bytes, boolean binaryValue) {
    Reader fields = new Reader(bytes);
    String key = "";
    byte[] value = new byte[0];
    while (fields.more()) {
      int tag = fields.tag();
      if (tag >>> 3 == 1) {
        key = fields.string();
      } else if (tag >>> 3 == 2) {
        value = fields.bytes();
      } else {
        fields.skip(tag);
      }
    }
    map.put(key, binaryValue ? Base64.getEncoder().encodeToString(value) : new String(value, StandardCharsets.UTF_8));
  }

  /** Protocol buffers wire format, the three wire types Kubernetes objects use plus fixed widths to skip. */
  private static final class Reader {
    private final byte[] data;
    private int position;

    Reader(byte[] data) {
      this.data = data;
    }

    boolean more() {
      return position < data.length;
    }

    int tag() {
      return (int) varint();
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= data.length) {
          throw new IllegalArgumentException("truncated protobuf body");
        }
        byte b = data[position++];
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("malformed protobuf varint");
    }

    byte[] bytes() {
      int length = (int) varint();
      if (length < 0 || position + length > data.length) {
        throw new IllegalArgumentException("truncated protobuf body");
      }
      byte[] value = Arrays.copyOfRange(data, position, position + length);
      position += length;
      return value;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> position += 8;
        case 2 -> bytes();
        case 5 -> position += 4;
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + (tag & 7));
      }
    }
  }
}
