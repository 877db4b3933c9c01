package dev.crawler.parser.sitemap;

import java.time.Instant;

/**
 * A URL a sitemap names: a page, or (in a sitemap index) another sitemap.
 *
 * @param url the normalised absolute http(s) URL
 * @param priority the candidate priority (higher first; 0 is normal)
 * @param lastModified the entry's lastmod, or null when it has none or an unreadable one
 */
public record SitemapEntry(String url, int priority, Instant lastModified) {}
