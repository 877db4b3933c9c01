package dev.crawler.indexer.index;

import java.util.Map;

/**
 * Whether the index answers.
 *
 * @param up true if the index can be written and searched
 * @param details facts for operators (backend, index name, cluster status, error)
 */
public record IndexHealth(boolean up, Map<String, Object> details) {

  public IndexHealth {
    details = Map.copyOf(details);
  }
}
