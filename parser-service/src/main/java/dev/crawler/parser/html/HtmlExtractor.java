package dev.crawler.parser.html;

import dev.crawler.parser.ParserProperties;
import dev.crawler.parser.charset.CharsetDetector;
import dev.crawler.parser.links.LinkNormalizer;
import dev.crawler.parser.text.LanguageTag;
import dev.crawler.parser.text.TextCaps;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Parses HTML bytes with jsoup and reads what a page says about itself: title, description,
 * headings, main text, language and canonical URL. The main text prefers the page's {@code <main>}
 * (or {@code role=main}), then its {@code <article>}s, then the whole body, and leaves out code,
 * navigation, page chrome and hidden elements. Every field is capped. Instances are immutable and
 * thread-safe.
 */
public final class HtmlExtractor {

  /** Where the main content of a page is, most specific first. */
  private static final List<String> MAIN_CONTENT = List.of("main, [role=main]", "article");

  private final ParserProperties.Limits limits;
  private final LinkNormalizer normalizer;

  /**
   * @param limits the caps on fields and nesting
   * @param normalizer normalises the canonical URL
   */
  public HtmlExtractor(ParserProperties.Limits limits, LinkNormalizer normalizer) {
    this.limits = limits;
    this.normalizer = normalizer;
  }

  /**
   * Parses a page. Its charset comes from a byte order mark, the declared charset, a {@code <meta>}
   * declaration or detection, in that order (see {@link CharsetDetector}). Elements nested deeper
   * than the configured depth are attached at that depth, which bounds the tree on pathological
   * markup.
   *
   * @param body the page's bytes, already capped in size
   * @param declaredCharset the charset from the Content-Type header, or null
   * @param url the URL the page was fetched from: the base for relative URLs unless the page has a
   *     {@code <base href>}
   */
  public Document parse(byte[] body, String declaredCharset, String url) {
    Charset charset = CharsetDetector.forHtml(body, declaredCharset);
    Parser parser = Parser.htmlParser().setMaxDepth(limits.maxNestingDepth());
    return Jsoup.parse(CharsetDetector.decode(body, charset), url, parser);
  }

  /**
   * What a parsed page says about itself.
   *
   * @param document the parsed page
   * @param contentLanguage the Content-Language header, or null
   */
  public HtmlContent extract(Document document, String contentLanguage) {
    return new HtmlContent(
        TextCaps.cap(TextCaps.collapseWhitespace(document.title()), limits.maxTitleChars()),
        description(document),
        headings(document),
        mainText(document),
        language(document, contentLanguage),
        canonical(document));
  }

  private String description(Document document) {
    Element meta =
        document.selectFirst(
            "meta[name=description][content], meta[property=og:description][content]");
    return meta == null
        ? ""
        : TextCaps.cap(
            TextCaps.collapseWhitespace(meta.attr("content")), limits.maxDescriptionChars());
  }

  private List<String> headings(Document document) {
    List<String> headings = new ArrayList<>();
    for (Element heading : document.body().select("h1, h2, h3")) {
      if (headings.size() >= limits.maxHeadings()) {
        break;
      }
      if (VisibleText.isInBoilerplate(heading)) {
        continue;
      }
      String text = VisibleText.of(List.of(heading), limits.maxHeadingChars());
      if (!text.isEmpty()) {
        headings.add(text);
      }
    }
    return headings;
  }

  private String mainText(Document document) {
    for (String selector : MAIN_CONTENT) {
      // Outermost matches only, so nested articles are not read twice.
      List<Element> roots =
          document.body().select(selector).stream()
              .filter(element -> element.parents().stream().noneMatch(p -> p.is(selector)))
              .filter(element -> !VisibleText.isInBoilerplate(element))
              .toList();
      String text = VisibleText.of(roots, limits.maxTextChars());
      if (!text.isEmpty()) {
        return text;
      }
    }
    return VisibleText.of(List.of(document.body()), limits.maxTextChars());
  }

  private static String language(Document document, String contentLanguage) {
    Element html = document.selectFirst("html[lang]");
    String declared = html == null ? null : LanguageTag.of(html.attr("lang"));
    return declared != null ? declared : LanguageTag.ofHeader(contentLanguage);
  }

  private String canonical(Document document) {
    for (Element link : document.select("link[rel][href]")) {
      if (link.attr("rel").strip().equalsIgnoreCase("canonical")) {
        return normalizer.normalize(link.absUrl("href")).orElse(null);
      }
    }
    return null;
  }
}
