package dev.portico.apiserver;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The stored objects by plural, then by namespace and name, so that a request on one object costs O(log n)
 * and a list costs O(objects of that plural in that namespace) instead of a scan of the whole store. It
 * holds each object's key and JSON, as the mock's map does (whose keys hash poorly: 5,000 routes share
 * under 900 hash codes). It narrows, it does not decide: callers still test each candidate with
 * {@link AttributeSet#matches}, which keeps the mock's matching rules (a path without namespace matches
 * every namespace; one plural may be served by two groups, as {@code events} is). Not thread-safe: the
 * store guards it.
 */
final class ObjectIndex {

  private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;
  private static final String NAMESPACE = KubernetesAttributesExtractor.NAMESPACE;
  private static final String NAME = KubernetesAttributesExtractor.NAME;

  // plural → "namespace/name" (namespace empty when cluster-scoped) → stored objects, usually one
  private final Map<String, NavigableMap<String, List<Map.Entry<AttributeSet, String>>>> byPlural = new HashMap<>();
  private int size;

  /** Stores {@code json} under {@code key}, replacing what an equal key held. */
  void put(AttributeSet key, String json) {
    String plural = value(key, PLURAL);
    if (plural == null) {
      return; // only a query without plural, answered by a scan, can match it
    }
    List<Map.Entry<AttributeSet, String>> slot = byPlural.computeIfAbsent(plural, p -> new TreeMap<>())
        .computeIfAbsent(slot(value(key, NAMESPACE), value(key, NAME)), s -> new ArrayList<>(1));
    if (!slot.removeIf(entry -> entry.getKey().equals(key))) {
      size++;
    }
    slot.add(new AbstractMap.SimpleImmutableEntry<>(key, json));
  }

  /** The JSON stored under a key equal to {@code key}, or null. */
  String get(AttributeSet key) {
    NavigableMap<String, List<Map.Entry<AttributeSet, String>>> objects = byPlural.get(value(key, PLURAL));
    List<Map.Entry<AttributeSet, String>> entries = objects == null ? null
        : objects.get(slot(value(key, NAMESPACE), value(key, NAME)));
    if (entries != null) {
      for (Map.Entry<AttributeSet, String> entry : entries) {
        if (entry.getKey().equals(key)) {
          return entry.getValue();
        }
      }
    }
    return null;
  }

  void remove(AttributeSet key) {
    NavigableMap<String, List<Map.Entry<AttributeSet, String>>> objects = byPlural.get(value(key, PLURAL));
    if (objects == null) {
      return;
    }
    String slot = slot(value(key, NAMESPACE), value(key, NAME));
    List<Map.Entry<AttributeSet, String>> entries = objects.get(slot);
    if (entries != null && entries.removeIf(entry -> entry.getKey().equals(key))) {
      size--;
      if (entries.isEmpty()) {
        objects.remove(slot);
      }
    }
  }

  /**
   * The stored objects that may match {@code query}, or null when the query names no plural and only a
   * scan of everything can answer it.
   */
  List<Map.Entry<AttributeSet, String>> candidates(AttributeSet query) {
    String plural = value(query, PLURAL);
    if (plural == null) {
      return null;
    }
    NavigableMap<String, List<Map.Entry<AttributeSet, String>>> objects = byPlural.get(plural);
    if (objects == null) {
      return List.of();
    }
    String namespace = value(query, NAMESPACE);
    String name = value(query, NAME);
    if (namespace != null && name != null) {
      List<Map.Entry<AttributeSet, String>> entries = objects.get(slot(namespace, name));
      return entries == null ? List.of() : List.copyOf(entries);
    }
    // '0' follows '/', so this range is exactly the slots of that namespace
    Collection<List<Map.Entry<AttributeSet, String>>> slots = namespace == null ? objects.values()
        : objects.subMap(namespace + "/", true, namespace + "0", false).values();
    List<Map.Entry<AttributeSet, String>> found = new ArrayList<>();
    for (List<Map.Entry<AttributeSet, String>> entries : slots) {
      found.addAll(entries);
    }
    return found;
  }

  /** The number of stored keys, for tests. */
  int size() {
    return size;
  }

  private static String slot(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + (name == null ? "" : name);
  }

  // the key's value when it is a plain equality with one value, else null (then it does not narrow)
  static String value(AttributeSet set, String key) {
    Attribute attribute = set.getAttribute(key);
    if (attribute == null || attribute.getType() != AttributeType.WITH || attribute.getValues().size() != 1) {
      return null;
    }
    return attribute.getValues().get(0).toString();
  }
}
