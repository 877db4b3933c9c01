package dev.crawler.parser;

import dev.crawler.common.messages.FetchedPage;
import dev.crawler.common.messages.IndexOp;
import dev.crawler.common.messages.ParsedDocument;
import dev.crawler.common.messages.UrlCandidate;
import dev.crawler.common.messages.UrlSource;
import dev.crawler.common.url.UrlNormalizer;
import dev.crawler.parser.ParseOutcome.Kind;
import dev.crawler.parser.fingerprint.ContentFingerprint;
import dev.crawler.parser.fingerprint.Fingerprinter;
import dev.crawler.parser.html.HtmlContent;
import dev.crawler.parser.html.HtmlExtractor;
import dev.crawler.parser.links.LinkExtractor;
import dev.crawler.parser.links.LinkNormalizer;
import dev.crawler.parser.links.OutLink;
import dev.crawler.parser.robots.RobotsDirectiveParser;
import dev.crawler.parser.robots.RobotsDirectives;
import dev.crawler.parser.sitemap.Sitemap;
import dev.crawler.parser.sitemap.SitemapEntry;
import dev.crawler.parser.sitemap.SitemapReader;
import dev.crawler.parser.text.LanguageTag;
import dev.crawler.parser.text.PlainText;
import dev.crawler.parser.text.PlainTextExtractor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.nodes.Document;

/**
 * Turns a fetched page into what the rest of the crawl needs, and owns the rules that decide it:
 *
 * <ul>
 *   <li>404 and 410 delete the URL's document; 429 and 5xx leave the index alone (a passing failure
 *       should not erase a good copy); any other non-200 response with a body is an error page and
 *       deletes; one without a body changes nothing.
 *   <li>A 200 sitemap offers its URLs and is not indexed.
 *   <li>A 200 HTML page is indexed unless its meta robots or {@code X-Robots-Tag} say noindex (then
 *       its document is deleted); its links are offered unless they say nofollow.
 *   <li>A 200 plain-text page is indexed unless {@code X-Robots-Tag} says noindex.
 *   <li>Any other media type is skipped.
 * </ul>
 *
 * Links and sitemap entries become candidates one hop deeper than the page. Instances are immutable
 * and thread-safe.
 */
public final class PageParser {

  private static final int HTML_SNIFF_BYTES = 1_024;

  private final LinkNormalizer normalizer;
  private final HtmlExtractor html;
  private final LinkExtractor links;
  private final RobotsDirectiveParser robots;
  private final PlainTextExtractor plainText;
  private final SitemapReader sitemaps;
  private final Fingerprinter fingerprinter;
  private final int maxBodyBytes;

  /** A parser with the components the configuration describes. */
  public PageParser(ParserProperties properties) {
    ParserProperties.Limits limits = properties.limits();
    ParserProperties.Links linkRules = properties.links();
    this.maxBodyBytes = Math.toIntExact(limits.maxBodySize().toBytes());
    this.normalizer =
        new LinkNormalizer(
            new UrlNormalizer(linkRules.removedQueryParameters(), linkRules.maxUrlLength()));
    this.html = new HtmlExtractor(limits, normalizer);
    this.links =
        new LinkExtractor(
            normalizer,
            linkRules.skippedRels(),
            linkRules.maxPerPage(),
            linkRules.maxAnchorChars());
    this.robots = new RobotsDirectiveParser(properties.agentToken());
    this.plainText = new PlainTextExtractor(limits.maxTitleChars(), limits.maxTextChars());
    this.sitemaps = new SitemapReader(normalizer, properties.sitemaps());
    this.fingerprinter = new Fingerprinter(properties.fingerprint().shingleSize());
  }

  /**
   * What a fetched page means for the index and the frontier.
   *
   * @throws IllegalArgumentException if the page cannot be parsed (its URL is not a crawlable
   *     http(s) URL, or it looks like a sitemap but is not readable)
   */
  public ParseOutcome parse(FetchedPage page) {
    String url =
        normalizer
            .normalize(page.url())
            .orElseThrow(
                () -> new IllegalArgumentException("not a crawlable http(s) URL: " + page.url()));
    int status = page.status();
    if (status == 404 || status == 410) {
      return deleted(Kind.GONE, page, url);
    }
    if (status == 429 || status >= 500) {
      return new ParseOutcome(Kind.TRANSIENT_ERROR, null, List.of());
    }
    if (status != 200) {
      return page.body().length == 0
          ? new ParseOutcome(Kind.EMPTY, null, List.of())
          : deleted(Kind.ERROR_PAGE, page, url);
    }
    String contentType = page.contentType();
    RobotsDirectives headerDirectives = robots.fromHeader(page.header("x-robots-tag"));
    if (isHtml(contentType, page.body())) {
      return html(page, url, capped(page.body()), headerDirectives);
    }
    // Sitemaps are capped by their own, larger limit: the protocol allows 50 MiB.
    Optional<Sitemap> sitemap = sitemaps.recognise(url, contentType, page.body());
    if (sitemap.isPresent()) {
      return sitemap(page, url, sitemap.get());
    }
    if ("text/plain".equals(contentType)) {
      return text(page, url, capped(page.body()), headerDirectives);
    }
    return new ParseOutcome(Kind.UNSUPPORTED, null, List.of());
  }

  private ParseOutcome html(
      FetchedPage page, String url, byte[] body, RobotsDirectives headerDirectives) {
    Document document = html.parse(body, page.charset(), page.url());
    RobotsDirectives directives = headerDirectives.and(robots.fromMeta(document));
    List<OutLink> outLinks = directives.nofollow() ? List.of() : links.extract(document, url);
    if (directives.noindex()) {
      List<UrlCandidate> candidates =
          outLinks.stream().map(link -> linkCandidate(page, url, link, null)).toList();
      return new ParseOutcome(Kind.NOINDEX, IndexOp.delete(page.crawlId(), url), candidates);
    }
    HtmlContent content = html.extract(document, page.header("content-language"));
    Long fingerprint = outLinks.isEmpty() ? null : fingerprinter.digitBlindSimhash(content.text());
    List<UrlCandidate> candidates =
        outLinks.stream().map(link -> linkCandidate(page, url, link, fingerprint)).toList();
    ParsedDocument parsed =
        document(
            page,
            url,
            content.title(),
            content.description(),
            content.headings(),
            content.text(),
            content.language(),
            content.canonical());
    return new ParseOutcome(Kind.HTML, IndexOp.upsert(parsed), candidates);
  }

  private ParseOutcome text(
      FetchedPage page, String url, byte[] body, RobotsDirectives headerDirectives) {
    if (headerDirectives.noindex()) {
      return new ParseOutcome(Kind.NOINDEX, IndexOp.delete(page.crawlId(), url), List.of());
    }
    PlainText content = plainText.extract(body, page.charset(), url);
    String language = LanguageTag.ofHeader(page.header("content-language"));
    ParsedDocument parsed =
        document(page, url, content.title(), "", List.of(), content.text(), language, null);
    return new ParseOutcome(Kind.TEXT, IndexOp.upsert(parsed), List.of());
  }

  private ParseOutcome sitemap(FetchedPage page, String url, Sitemap sitemap) {
    int depth = Math.addExact(page.depth(), 1);
    List<UrlCandidate> candidates =
        sitemaps.read(sitemap).stream()
            .map((SitemapEntry entry) ->
                new UrlCandidate(
                    page.crawlId(),
                    entry.url(),
                    depth,
                    UrlSource.SITEMAP,
                    url,
                    null,
                    entry.priority(),
                    entry.lastModified()))
            .toList();
    return new ParseOutcome(Kind.SITEMAP, null, candidates);
  }

  private static ParseOutcome deleted(Kind kind, FetchedPage page, String url) {
    return new ParseOutcome(kind, IndexOp.delete(page.crawlId(), url), List.of());
  }

  private static UrlCandidate linkCandidate(
      FetchedPage page, String url, OutLink link, Long referrerSimhash) {
    return new UrlCandidate(
        page.crawlId(),
        link.url(),
        Math.addExact(page.depth(), 1),
        UrlSource.LINK,
        url,
        link.anchor(),
        0,
        null,
        referrerSimhash);
  }

  private ParsedDocument document(
      FetchedPage page,
      String url,
      String title,
      String description,
      List<String> headings,
      String text,
      String language,
      String canonical) {
    ContentFingerprint fingerprint = fingerprinter.of(text);
    return new ParsedDocument(
        page.crawlId(),
        url,
        UrlNormalizer.hostOf(url).orElseThrow(),
        title,
        description,
        headings,
        text,
        language,
        canonical,
        page.status(),
        page.fetchedAt(),
        fingerprint.contentHash(),
        fingerprint.simhash());
  }

  private byte[] capped(byte[] body) {
    return body.length <= maxBodyBytes ? body : Arrays.copyOf(body, maxBodyBytes);
  }

  /** HTML by its media type, or by its first bytes when the server sent none. */
  private static boolean isHtml(String contentType, byte[] body) {
    if (contentType != null) {
      return contentType.equals("text/html") || contentType.equals("application/xhtml+xml");
    }
    String head =
        new String(body, 0, Math.min(body.length, HTML_SNIFF_BYTES), StandardCharsets.ISO_8859_1)
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    return head.startsWith("<!doctype html") || head.startsWith("<html");
  }
}
