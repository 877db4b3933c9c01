package dev.crawler.frontier.scheduling;

import dev.crawler.common.messages.CrawlMessage;

/**
 * A URL handed to a fetcher, waiting for its outcome.
 *
 * @param url the leased URL, as it was queued
 * @param deadlineMs when the lease expires and the URL is released again (epoch ms)
 */
public record FetchLease(QueuedUrl url, long deadlineMs) implements CrawlMessage {}
