package dev.crawler.indexer.index;

import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.ParsedDocument;
import java.time.Instant;
import java.util.List;

/** Test pages: a parsed document with just the fields a test cares about. */
public final class Pages {

  private static final Instant FETCHED_AT = Instant.parse("2026-01-02T03:04:05Z");

  private Pages() {}

  /** A page of a crawl on host {@code example.test} with its own content hash. */
  public static ParsedDocument page(String crawlId, String path, String title, String body) {
    return page(crawlId, "example.test", path, title, body, "hash-" + crawlId + path);
  }

  public static ParsedDocument page(
      String crawlId, String host, String path, String title, String body, String contentHash) {
    return new ParsedDocument(
        crawlId,
        "https://" + host + path,
        host,
        title,
        "",
        List.of(),
        body,
        "en",
        null,
        200,
        FETCHED_AT,
        contentHash,
        42L);
  }

  public static IndexOp upsert(ParsedDocument page) {
    return IndexOp.upsert(page);
  }
}
