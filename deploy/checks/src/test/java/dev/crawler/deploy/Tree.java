package dev.crawler.deploy;

import java.util.List;
import java.util.Map;

/** Navigation in parsed YAML (maps, lists and scalars), with errors that name the path. */
final class Tree {

  private Tree() {}

  /** The node at a path of map keys, or null where the path ends early. */
  static Object at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  static String string(Object node, String... path) {
    Object value = at(node, path);
    return value == null ? null : String.valueOf(value);
  }

  static Map<String, Object> map(Object node, String... path) {
    Object value = at(node, path);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalStateException(String.join(".", path) + " is not a mapping: " + value);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    return map;
  }

  static List<Object> list(Object node, String... path) {
    Object value = at(node, path);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?>)) {
      throw new IllegalStateException(String.join(".", path) + " is not a sequence: " + value);
    }
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) value;
    return list;
  }

  static List<Map<String, Object>> maps(Object node, String... path) {
    return list(node, path).stream().map(item -> map(item)).toList();
  }
}
