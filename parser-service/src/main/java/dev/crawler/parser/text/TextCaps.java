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
    StringBuilder out = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
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
}
