package dev.crawler.parser.links;

/**
 * A link found on a page.
 *
 * @param url the normalised absolute http(s) URL
 * @param anchor the link's text (anchor text, image alt or title), trimmed and capped, or null
 */
public record OutLink(String url, String anchor) {}
