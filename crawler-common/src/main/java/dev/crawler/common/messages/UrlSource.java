package dev.crawler.common.messages;

/** Where a URL candidate came from; seeds and sitemaps get a priority boost in the frontier. */
public enum UrlSource {
  SEED,
  INJECTED,
  LINK,
  REDIRECT,
  SITEMAP
}
