package dev.crawler.parser.links;

import dev.crawler.parser.text.TextCaps;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Finds the links of an HTML page that the crawl may follow: {@code a[href]}, {@code area[href]},
 * {@code frame[src]}, {@code iframe[src]} and {@code link rel=next|prev}. References resolve
 * against the document's base URL ({@code <base href>} when the page has one, which jsoup applies
 * while parsing), are normalised (session and tracking parameters dropped, length capped) and kept
 * only if http(s). A page's links are deduplicated, the first anchor text of a URL wins, a link
 * back to the page itself is dropped, and at most {@code maxLinks} distinct links are kept in
 * document order, so a page of 100,000 links costs one bounded walk. Instances are immutable and
 * thread-safe.
 */
public final class LinkExtractor {

  private static final String LINK_ELEMENTS =
      "a[href], area[href], frame[src], iframe[src], link[rel][href]";

  /** Parsed once: it is matched under every text-less link of every page. */
  private static final Evaluator IMAGE_WITH_ALT = QueryParser.parse("img[alt]");

  /** {@code <link>} relations that point at pages of the same series worth crawling. */
  private static final Set<String> PAGINATION_RELS = Set.of("next", "prev", "previous");

  private final LinkNormalizer normalizer;
  private final Set<String> skippedRels;
  private final int maxLinks;
  private final int maxAnchorChars;

  /**
   * @param normalizer turns resolved URLs into their normal form
   * @param skippedRels {@code rel} values (any case) that make a link not followed, for example
   *     {@code nofollow}
   * @param maxLinks the most distinct links kept per page
   * @param maxAnchorChars the most characters of anchor text kept per link
   */
  public LinkExtractor(
      LinkNormalizer normalizer, Set<String> skippedRels, int maxLinks, int maxAnchorChars) {
    this.normalizer = normalizer;
    this.skippedRels =
        skippedRels.stream().map(rel -> rel.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.maxLinks = maxLinks;
    this.maxAnchorChars = maxAnchorChars;
  }

  /**
   * The followable links of a page.
   *
   * @param document the parsed page, its base URI set to the URL it was fetched from
   * @param pageUrl the page's normalised URL, to drop links to itself
   */
  public List<OutLink> extract(Document document, String pageUrl) {
    Map<String, OutLink> links = new LinkedHashMap<>();
    Optional<URL> base = LinkNormalizer.baseOf(document.baseUri());
    Iterator<Element> elements = document.selectStream(LINK_ELEMENTS).iterator();
    while (links.size() < maxLinks && elements.hasNext()) {
      Element element = elements.next();
      if (!isFollowable(element)) {
        continue;
      }
      String attribute = element.hasAttr("href") ? "href" : "src";
      Optional<String> resolved =
          base.isPresent()
              ? normalizer.resolve(base.get(), element.attr(attribute))
              : normalizer.normalize(element.absUrl(attribute));
      resolved
          .filter(url -> !url.equals(pageUrl))
          .ifPresent(url -> links.putIfAbsent(url, new OutLink(url, anchorOf(element))));
    }
    return new ArrayList<>(links.values());
  }

  private boolean isFollowable(Element element) {
    Set<String> rels = rels(element);
    if (rels.stream().anyMatch(skippedRels::contains)) {
      return false;
    }
    return !element.nameIs("link") || rels.stream().anyMatch(PAGINATION_RELS::contains);
  }

  private static Set<String> rels(Element element) {
    String rel = element.attr("rel");
    if (rel.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(rel.toLowerCase(Locale.ROOT).strip().split("\\s+"))
        .collect(Collectors.toSet());
  }

  private String anchorOf(Element element) {
    String text =
        switch (element.normalName()) {
          case "a" -> {
            // The image search walks the link's subtree, so it is left out when the text decides.
            String own = element.text();
            yield own.isBlank() ? firstNonBlank(imageAlt(element), element.attr("title")) : own;
          }
          case "area" -> firstNonBlank(element.attr("alt"), element.attr("title"));
          default -> element.attr("title");
        };
    String anchor = TextCaps.cap(TextCaps.collapseWhitespace(text), maxAnchorChars);
    return anchor.isEmpty() ? null : anchor;
  }

  private static String imageAlt(Element anchor) {
    Element image = anchor.selectFirst(IMAGE_WITH_ALT);
    return image == null ? "" : image.attr("alt");
  }

  private static String firstNonBlank(String... candidates) {
    for (String candidate : candidates) {
      if (!candidate.isBlank()) {
        return candidate;
      }
    }
    return "";
  }
}
