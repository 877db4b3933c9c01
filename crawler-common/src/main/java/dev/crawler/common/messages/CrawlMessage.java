package dev.crawler.common.messages;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message that travels on a crawl topic. Every message carries its schema version, as the JSON
 * field {@code v} (a {@link FetchedPage}: as the record header {@code page.v}), so a consumer can
 * refuse (and dead-letter) a record written by a newer producer instead of misreading it.
 */
public interface CrawlMessage {

  /** The schema version every message of this release writes. */
  int SCHEMA_VERSION = 1;

  /** The schema version, written to JSON as {@code v}. */
  @JsonProperty("v")
  default int schemaVersion() {
    return SCHEMA_VERSION;
  }
}
