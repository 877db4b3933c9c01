package dev.crawler.frontier.scheduling;

/**
 * A URL handed to a fetcher, waiting for its outcome.
 *
 * @param url the leased URL, as it was queued
 * @param deadlineMs when the lease expires and the URL is released again (epoch ms)
 */
public record FetchLease(QueuedUrl url, long deadlineMs) {}
