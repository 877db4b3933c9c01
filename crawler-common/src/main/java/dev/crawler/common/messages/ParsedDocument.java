package dev.crawler.common.messages;

import static dev.crawler.common.messages.Checks.copy;
import static dev.crawler.common.messages.Checks.requireNonNull;
import static dev.crawler.common.messages.Checks.requireText;

import java.time.Instant;
import java.util.List;

/**
 * A page turned into a searchable document.
 *
 * @param crawlId the crawl
 * @param url the normalised URL the document is known by
 * @param host the lower-cased host
 * @param title the title, or empty
 * @param description the meta description, or empty
 * @param headings h1 to h3 texts
 * @param text the main text
 * @param language the declared language, or null
 * @param canonical the canonical URL the page names, or null
 * @param status the HTTP status it was fetched with
 * @param fetchedAt when it was fetched
 * @param contentHash a hash of the normalised text, hex
 * @param simhash a 64-bit SimHash of the text, for near-duplicate detection
 */
public record ParsedDocument(
    String crawlId,
    String url,
    String host,
    String title,
    String description,
    List<String> headings,
    String text,
    String language,
    String canonical,
    int status,
    Instant fetchedAt,
    String contentHash,
    long simhash)
    implements CrawlMessage {

  public ParsedDocument {
    requireText(crawlId, "crawlId");
    requireText(url, "url");
    requireText(host, "host");
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    headings = copy(headings);
    text = text == null ? "" : text;
    requireNonNull(fetchedAt, "fetchedAt");
  }
}
