package dev.crawler.parser.text;

/** Length caps for extracted text, applied so that a cut never splits a surrogate pair. */
public final class TextCaps {

  private TextCaps() {}

  /** The text cut to at most {@code maxChars} characters, then stripped. */
  public static String cap(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text.strip();
    }
    int end = maxChars;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end).strip();
  }

  /** Runs of whitespace (including no-break spaces) collapsed to one space, then stripped. */
  public static String collapseWhitespace(String text) {
    // Most texts arrive collapsed already (the visible text of an HTML page is built that way, and
    // its fingerprint collapses it again); a scan is far cheaper than copying them char by char.
    if (isCollapsed(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        pendingSpace = !out.isEmpty();
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether a character counts as whitespace in text: Java whitespace or a Unicode space. */
  public static boolean isSpace(char c) {
    // Printable ASCII, most characters of most pages, is neither; the Unicode lookups are not free.
    if (c > ' ' && c < 0x7F) {
      return false;
    }
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** Whether collapsing would leave the text as it is: single plain spaces between words only. */
  private static boolean isCollapsed(String text) {
    int last = text.length() - 1;
    for (int i = 0; i <= last; i++) {
      char c = text.charAt(i);
      if (isSpace(c) && (c != ' ' || i == 0 || i == last || isSpace(text.charAt(i + 1)))) {
        return false;
      }
    }
    return true;
  }
}
