package dev.crawler.parser.text;

import dev.crawler.parser.charset.CharsetDetector;

/**
 * Reads a {@code text/plain} page: its charset from a byte order mark, the declared charset or
 * detection; its title from its first non-blank line. Instances are immutable and thread-safe.
 */
public final class PlainTextExtractor {

  private final int maxTitleChars;
  private final int maxTextChars;

  /**
   * @param maxTitleChars the most characters of title kept
   * @param maxTextChars the most characters of text kept
   */
  public PlainTextExtractor(int maxTitleChars, int maxTextChars) {
    this.maxTitleChars = maxTitleChars;
    this.maxTextChars = maxTextChars;
  }

  /**
   * The title and text of a plain-text page.
   *
   * @param body the page's bytes, already capped in size
   * @param declaredCharset the charset from the Content-Type header, or null
   * @param url the page's URL, the title of a page without text
   */
  public PlainText extract(byte[] body, String declaredCharset, String url) {
    String content = CharsetDetector.decode(body, CharsetDetector.forText(body, declaredCharset));
    String title =
        content
            .lines()
            .map(TextCaps::collapseWhitespace)
            .filter(line -> !line.isEmpty())
            .findFirst()
            .map(line -> TextCaps.cap(line, maxTitleChars))
            .orElse(TextCaps.cap(url, maxTitleChars));
    return new PlainText(title, TextCaps.cap(TextCaps.collapseWhitespace(content), maxTextChars));
  }
}
