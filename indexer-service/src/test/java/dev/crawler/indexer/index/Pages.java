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
        fingerprintOf(crawlId + path));
  }

  /**
   * A test page's SimHash: unrelated pages' fingerprints differ in about half their bits, as real
   * pages' do, so only the pages a test makes near-duplicates collapse.
   */
  public static long fingerprintOf(String seed) {
    long z = seed.hashCode() * 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A page on a host with its own SimHash (and a content hash of its own). */
  public static ParsedDocument pageWithSimhash(
      String crawlId, String host, String path, String title, String body, long simhash) {
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
        "hash-" + crawlId + host + path,
        simhash);
  }

  public static IndexOp upsert(ParsedDocument page) {
    return IndexOp.upsert(page);
  }
}
