package dev.crawler.parser.sitemap;

/**
 * A fetched body recognised as a sitemap.
 *
 * @param url the URL it was fetched from
 * @param mediaType how to read it: {@code application/xml} or {@code text/plain}
 * @param content its bytes, inflated if they were gzip-compressed
 */
public record Sitemap(String url, String mediaType, byte[] content) {}
