package dev.crawler.parser.text;

/**
 * A plain-text page as a document.
 *
 * @param title the first non-blank line, or the URL when there is none
 * @param text the whole text, whitespace collapsed
 */
public record PlainText(String title, String text) {}
