package dev.crawler.benchmarks.jmh;

import dev.crawler.common.messages.FetchedPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The pages the parsing benchmarks read.
 *
 * <ul>
 *   <li>{@link #article()}: a realistic 50 KB article written for these benchmarks ({@code
 *       jmh/article-50k.html}): meta and Open Graph tags, JSON-LD and an analytics script, a
 *       header, two navigation menus, 15 sections of prose with inline links, a figure, sources,
 *       user comments with {@code rel=ugc}, related stories and a footer; 154 links in all, a few
 *       with tracking parameters.
 *   <li>{@link #linkFarm()}: 100,000 links in one page, the pathological case of link farms and
 *       generated calendars.
 * </ul>
 */
final class BenchmarkPages {

  /** The URL the article was fetched from: its relative links resolve against it. */
  static final String ARTICLE_URL = "https://tales.example.com/stories/fastnet-keepers";

  static final String LINK_FARM_URL = "https://farm.example.net/all-links";

  static final int LINK_FARM_LINKS = 100_000;

  private BenchmarkPages() {}

  /** The bytes of the 50 KB article. */
  static byte[] articleBytes() {
    try (InputStream in = BenchmarkPages.class.getResourceAsStream("/jmh/article-50k.html")) {
      if (in == null) {
        throw new IllegalStateException("jmh/article-50k.html is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The article as the fetcher hands it to the parser: 200, text/html, charset from the header, and
   * the response headers the fetcher keeps for the parser.
   */
  static FetchedPage article() {
    return fetched(ARTICLE_URL, articleBytes());
  }

  /**
   * The bytes of a page of 100,000 distinct links (3.7 MB, under the parser's 5 MB body cap), each
   * with its anchor text.
   */
  static byte[] linkFarmBytes() {
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html><html><head><title>Every link</title></head><body><p>");
    for (int i = 0; i < LINK_FARM_LINKS; i++) {
      html.append("<a href=\"/item/").append(i).append("\">Item ").append(i).append("</a>\n");
    }
    return html.append("</p></body></html>").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The link farm as the fetcher hands it to the parser. */
  static FetchedPage linkFarm() {
    return fetched(LINK_FARM_URL, linkFarmBytes());
  }

  private static FetchedPage fetched(String url, byte[] body) {
    return new FetchedPage(
        "bench",
        url,
        1,
        200,
        Map.of(
            "content-type", "text/html; charset=utf-8",
            "last-modified", "Wed, 18 Nov 2026 09:12:44 GMT",
            "etag", "\"5f3a-62c1e0b4f1a80\""),
        "text/html",
        "utf-8",
        body,
        false,
        Instant.parse("2026-01-01T00:00:00Z"));
  }
}
