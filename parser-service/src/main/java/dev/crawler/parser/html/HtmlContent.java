package dev.crawler.parser.html;

import java.util.List;

/**
 * What an HTML page says about itself, capped in length.
 *
 * @param title the {@code <title>}, or empty
 * @param description the meta (or Open Graph) description, or empty
 * @param headings the visible h1 to h3 texts in document order
 * @param text the visible main text
 * @param language the declared language as a BCP 47 tag, or null
 * @param canonical the normalised canonical URL the page names, or null
 */
public record HtmlContent(
    String title,
    String description,
    List<String> headings,
    String text,
    String language,
    String canonical) {}
