package dev.crawler.parser;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The parser's configuration, {@code crawler.parser.*}. Every default is documented in {@code
 * parser.yaml}; a value out of range stops the application at start-up with a message naming the
 * property.
 *
 * @param agentToken our robots agent token: {@code <meta name="TOKEN">} and {@code X-Robots-Tag:
 *     TOKEN: ...} directives apply to us as well as the generic {@code robots} ones
 * @param consumerGroup the Kafka consumer group of all parser instances
 * @param concurrency consumer threads for {@code crawl.fetched} (parsing is CPU-bound: about one
 *     per core)
 * @param sendTimeout how long a batch waits for its produced records to be acknowledged before it
 *     is retried
 * @param retryBackoff the first pause before a batch whose records Kafka did not acknowledge is
 *     processed again; it doubles up to {@code maxRetryBackoff} and retries never stop, so nothing
 *     is lost while Kafka is unavailable
 * @param maxRetryBackoff the longest pause between two retries of a batch
 * @param limits caps that bound the work and memory spent on one page
 * @param links which links are followed
 * @param sitemaps how sitemap entries become URL candidates
 * @param fingerprint how the near-duplicate fingerprint is computed
 */
@Validated
@ConfigurationProperties("crawler.parser")
public record ParserProperties(
    @NotBlank @Pattern(regexp = "[A-Za-z_-]+") String agentToken,
    @NotBlank String consumerGroup,
    @Min(1) @Max(64) int concurrency,
    @NotNull Duration sendTimeout,
    @NotNull Duration retryBackoff,
    @NotNull Duration maxRetryBackoff,
    @NotNull @Valid Limits limits,
    @NotNull @Valid Links links,
    @NotNull @Valid Sitemaps sitemaps,
    @NotNull @Valid Fingerprint fingerprint) {

  /**
   * Caps on one page.
   *
   * @param maxBodySize bytes of an HTML or text body that are parsed; the rest is ignored
   * @param maxTextChars characters of main text kept
   * @param maxTitleChars characters of title kept
   * @param maxDescriptionChars characters of meta description kept
   * @param maxHeadings headings (h1 to h3) kept
   * @param maxHeadingChars characters kept per heading
   * @param maxDocumentBytes the largest encoded index operation; the text is shortened to fit, so
   *     that a record always fits the broker's default 1 MiB message limit
   * @param maxNestingDepth the deepest element nesting the HTML parser builds; deeper elements are
   *     flattened, which bounds stack and memory on pathological markup
   */
  public record Limits(
      @NotNull DataSize maxBodySize,
      @Min(1_000) @Max(10_000_000) int maxTextChars,
      @Min(16) @Max(10_000) int maxTitleChars,
      @Min(16) @Max(100_000) int maxDescriptionChars,
      @Min(0) @Max(10_000) int maxHeadings,
      @Min(16) @Max(10_000) int maxHeadingChars,
      @Min(16_384) @Max(100_000_000) int maxDocumentBytes,
      @Min(16) @Max(10_000) int maxNestingDepth) {}

  /**
   * Link extraction rules.
   *
   * @param maxPerPage distinct links kept per page, in document order
   * @param maxAnchorChars characters of anchor text kept per link
   * @param skippedRels {@code rel} values that make a link not followed (lower case)
   * @param removedQueryParameters query parameters dropped from every URL (session ids, tracking)
   * @param maxUrlLength the longest URL kept, after normalisation
   * @param remembered links offered lately that are not offered again when found on another page
   *     (per parser instance; 0 offers every link of every page)
   */
  public record Links(
      @Min(0) @Max(1_000_000) int maxPerPage,
      @Min(0) @Max(10_000) int maxAnchorChars,
      @NotNull Set<String> skippedRels,
      @NotNull Set<String> removedQueryParameters,
      @Min(16) @Max(65_536) int maxUrlLength,
      @Min(0) @Max(10_000_000) int remembered) {}

  /**
   * Sitemap handling.
   *
   * @param maxSize bytes of a sitemap read, after gzip inflation; the rest is ignored
   * @param maxUrls URL candidates kept per sitemap (the protocol allows 50,000)
   * @param priorityScale the candidate priority of a sitemap {@code <priority>} of 1.0; the
   *     protocol's default 0.5 maps to 0 and 0.0 to minus this value
   * @param childSitemapPriority the candidate priority of a sitemap named by a sitemap index
   */
  public record Sitemaps(
      @NotNull DataSize maxSize,
      @Min(0) @Max(1_000_000) int maxUrls,
      @Min(0) @Max(1_000) int priorityScale,
      @Min(-1_000) @Max(1_000) int childSitemapPriority) {}

  /**
   * Content fingerprinting.
   *
   * @param shingleSize words per shingle of the SimHash; larger is stricter about word order
   */
  public record Fingerprint(@Min(1) @Max(16) int shingleSize) {}
}
