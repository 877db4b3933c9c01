package dev.crawler.parser.sitemap;

/**
 * A URL a sitemap names: a page, or (in a sitemap index) another sitemap.
 *
 * @param url the normalised absolute http(s) URL
 * @param priority the candidate priority (higher first; 0 is normal)
 */
public record SitemapEntry(String url, int priority) {}
