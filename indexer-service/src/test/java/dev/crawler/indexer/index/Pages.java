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
    return page(crawlId, path, title, "", List.of(), body);
  }

  /** A page on host {@code example.test} with a description and headings. */
  public static ParsedDocument page(
      String crawlId,
      String path,
      String title,
      String description,
      List<String> headings,
      String body) {
    return page(
        crawlId,
        "example.test",
        path,
        title,
        description,
        headings,
        body,
        "hash-" + crawlId + path,
        FETCHED_AT);
  }

  public static ParsedDocument page(
      String crawlId, String host, String path, String title, String body, String contentHash) {
    return page(crawlId, host, path, title, "", List.of(), body, contentHash, FETCHED_AT);
  }

  /** A page on host {@code example.test} fetched at the given time. */
  public static ParsedDocument pageFetchedAt(
      String crawlId, String path, String title, String body, Instant fetchedAt) {
    return page(
        crawlId,
        "example.test",
        path,
        title,
        "",
        List.of(),
        body,
        "hash-" + crawlId + path,
        fetchedAt);
  }

  private static ParsedDocument page(
      String crawlId,
      String host,
      String path,
      String title,
      String description,
      List<String> headings,
      String body,
      String contentHash,
      Instant fetchedAt) {
    return new ParsedDocument(
        crawlId,
        "https://" + host + path,
        host,
        title,
        description,
        headings,
        body,
        "en",
        null,
        200,
        fetchedAt,
        contentHash,
        42L);
  }

  public static IndexOp upsert(ParsedDocument page) {
    return IndexOp.upsert(page);
  }
}
