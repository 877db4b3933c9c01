package dev.crawler.common.messages;

/** Which discovered URLs belong to a crawl, judged against its seeds. */
public enum Scope {
  /** Only the seeds' exact hosts. */
  HOST,
  /** The seeds' registered domains and their subdomains. */
  DOMAIN,
  /** URLs that start with one of the seeds (up to and including the last path slash). */
  PREFIX,
  /** Any http(s) URL; budgets and trap guards still apply. */
  ANY
}
