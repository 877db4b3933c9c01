package dev.crawler.frontier.api;

import java.util.List;

/**
 * The body of {@code POST /api/crawls/{id}/urls}.
 *
 * @param urls absolute http(s) URLs to add to the crawl, at most {@code limits.max-seeds}
 */
public record InjectUrlsRequest(List<String> urls) {}
