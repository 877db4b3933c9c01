package dev.crawler.parser.html;

import dev.crawler.parser.text.TextCaps;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * The text a reader sees as a page's content: what is left once code, navigation, page chrome and
 * hidden elements are skipped. The walk skips such subtrees instead of removing them, so the same
 * document still yields its navigation links, and it stops as soon as the cap is reached, so a huge
 * page costs no more than its first {@code maxChars} characters of text.
 */
final class VisibleText {

  /** Elements that hold code, media or page chrome rather than the page's content. */
  private static final Set<String> BOILERPLATE_ELEMENTS =
      Set.of(
          "script",
          "style",
          "noscript",
          "template",
          "nav",
          "header",
          "footer",
          "aside",
          "svg",
          "math",
          "canvas",
          "iframe",
          "frame",
          "frameset",
          "object",
          "embed",
          "select",
          "button",
          "dialog",
          "head");

  /** ARIA landmark roles of page chrome: the roles of nav, header, footer and aside. */
  private static final Set<String> BOILERPLATE_ROLES =
      Set.of("navigation", "banner", "contentinfo", "complementary", "search");

  private static final Pattern HIDING_STYLE =
      Pattern.compile("(display\\s*:\\s*none|visibility\\s*:\\s*hidden)", Pattern.CASE_INSENSITIVE);

  private VisibleText() {}

  /** Whether an element (and everything in it) is not content. */
  static boolean isBoilerplate(Element element) {
    return BOILERPLATE_ELEMENTS.contains(element.normalName())
        || element.hasAttr("hidden")
        || element.attr("aria-hidden").equalsIgnoreCase("true")
        || BOILERPLATE_ROLES.contains(element.attr("role").strip().toLowerCase(Locale.ROOT))
        || (element.hasAttr("style") && HIDING_STYLE.matcher(element.attr("style")).find());
  }

  /** Whether an element or one of its ancestors is not content. */
  static boolean isInBoilerplate(Element element) {
    for (Element e = element; e != null; e = e.parent()) {
      if (isBoilerplate(e)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The visible text under some roots, whitespace collapsed, block boundaries as spaces.
   *
   * @param roots the elements to read, in order
   * @param maxChars the most characters returned
   */
  static String of(Iterable<Element> roots, int maxChars) {
    Collector collector = new Collector(maxChars);
    for (Element root : roots) {
      NodeTraversor.filter(collector, root);
      if (collector.isFull()) {
        break;
      }
    }
    return TextCaps.cap(collector.text.toString(), maxChars);
  }

  /** Appends visible text with collapsed whitespace until full. */
  private static final class Collector implements NodeFilter {

    private final StringBuilder text = new StringBuilder();
    private final int maxChars;
    private boolean pendingSpace;

    Collector(int maxChars) {
      this.maxChars = maxChars;
    }

    boolean isFull() {
      return text.length() >= maxChars;
    }

    @Override
    public FilterResult head(Node node, int depth) {
      if (node instanceof TextNode textNode) {
        append(textNode.getWholeText());
      } else if (node instanceof Element element) {
        if (isBoilerplate(element)) {
          return FilterResult.SKIP_ENTIRELY;
        }
        if (isSeparating(element)) {
          pendingSpace = true;
        }
      }
      return isFull() ? FilterResult.STOP : FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (node instanceof Element element && isSeparating(element)) {
        pendingSpace = true;
      }
      return FilterResult.CONTINUE;
    }

    private static boolean isSeparating(Element element) {
      return element.isBlock() || element.nameIs("br") || element.nameIs("td");
    }

    /**
     * Appends a text node's words, each separated by one space. A word is copied in one piece
     * rather than char by char (appending chars one at a time was the largest cost of reading a
     * page's text); its first character is always taken and the rest up to the cap, so the cut
     * falls where a char-by-char copy would put it.
     */
    private void append(String chunk) {
      int i = 0;
      while (i < chunk.length() && !isFull()) {
        if (TextCaps.isSpace(chunk.charAt(i))) {
          pendingSpace = true;
          i++;
          continue;
        }
        int wordEnd = i + 1;
        while (wordEnd < chunk.length() && !TextCaps.isSpace(chunk.charAt(wordEnd))) {
          wordEnd++;
        }
        if (pendingSpace && !text.isEmpty()) {
          text.append(' ');
        }
        pendingSpace = false;
        text.append(chunk.charAt(i));
        int end = Math.min(wordEnd, i + 1 + Math.max(0, maxChars - text.length()));
        text.append(chunk, i + 1, end);
        i = end;
      }
    }
  }
}
