package dev.portico.apiserver;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The keys of the stored objects by plural, then by namespace and name, so that a request on one object
 * costs O(log n) and a list costs O(objects of that plural in that namespace) instead of a scan of the
 * whole store. It narrows, it does not decide: callers still test each candidate with
 * {@link AttributeSet#matches}, which keeps the mock's matching rules (a path without namespace matches
 * every namespace; one plural may be served by two groups, as {@code events} is). Not thread-safe: the
 * store guards it.
 */
final class ObjectIndex {

  private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;
  private static final String NAMESPACE = KubernetesAttributesExtractor.NAMESPACE;
  private static final String NAME = KubernetesAttributesExtractor.NAME;

  // plural → "namespace/name" (namespace empty when cluster-scoped) → stored keys, usually one
  private final Map<String, NavigableMap<String, List<AttributeSet>>> byPlural = new HashMap<>();
  private int size;

  void add(AttributeSet key) {
    String plural = value(key, PLURAL);
    if (plural == null) {
      return; // only a query without plural, answered by a scan, can match it
    }
    List<AttributeSet> keys = byPlural.computeIfAbsent(plural, p -> new TreeMap<>())
        .computeIfAbsent(slot(value(key, NAMESPACE), value(key, NAME)), s -> new ArrayList<>(1));
    if (!keys.contains(key)) {
      keys.add(key);
      size++;
    }
  }

  void remove(AttributeSet key) {
    NavigableMap<String, List<AttributeSet>> objects = byPlural.get(value(key, PLURAL));
    if (objects == null) {
      return;
    }
    String slot = slot(value(key, NAMESPACE), value(key, NAME));
    List<AttributeSet> keys = objects.get(slot);
    if (keys != null && keys.remove(key)) {
      size--;
      if (keys.isEmpty()) {
        objects.remove(slot);
      }
    }
  }

  /**
   * The stored keys that may match {@code query}, or null when the query names no plural and only a scan
   * of everything can answer it.
   */
  Collection<AttributeSet> candidates(AttributeSet query) {
    String plural = value(query, PLURAL);
    if (plural == null) {
      return null;
    }
    NavigableMap<String, List<AttributeSet>> objects = byPlural.get(plural);
    if (objects == null) {
      return List.of();
    }
    String namespace = value(query, NAMESPACE);
    String name = value(query, NAME);
    if (namespace != null && name != null) {
      List<AttributeSet> keys = objects.get(slot(namespace, name));
      return keys == null ? List.of() : keys;
    }
    // '0' follows '/', so this range is exactly the slots of that namespace
    Collection<List<AttributeSet>> slots = namespace == null ? objects.values()
        : objects.subMap(namespace + "/", true, namespace + "0", false).values();
    List<AttributeSet> found = new ArrayList<>();
    for (List<AttributeSet> keys : slots) {
      found.addAll(keys);
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
