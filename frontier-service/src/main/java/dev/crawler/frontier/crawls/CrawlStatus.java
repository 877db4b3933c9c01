package dev.crawler.frontier.crawls;

import dev.crawler.common.messages.CrawlJob;
import dev.crawler.frontier.scheduling.CrawlCounters;

/**
 * A crawl with its counters summed over every frontier task and its indexed document count.
 *
 * @param job the crawl
 * @param counters the frontier's counters
 * @param indexed the documents of the crawl in the index, as the indexer last counted them
 */
public record CrawlStatus(CrawlJob job, CrawlCounters counters, long indexed) {}
