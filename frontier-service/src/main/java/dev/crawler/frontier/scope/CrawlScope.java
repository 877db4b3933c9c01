package dev.crawler.frontier.scope;

import dev.crawler.common.messages.Scope;
import dev.crawler.common.url.PolitenessKey;
import dev.crawler.common.url.UrlNormalizer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a URL belongs to a crawl, judged against the crawl's seeds by its {@link Scope}.
 * Immutable.
 */
public final class CrawlScope {

  private final Scope scope;
  private final Set<String> hosts;
  private final Set<String> domains;
  private final List<String> prefixes;

  private CrawlScope(Scope scope, List<String> seeds) {
    this.scope = scope;
    this.hosts =
        seeds.stream()
            .map(UrlNormalizer::hostOf)
            .flatMap(java.util.Optional::stream)
            .collect(Collectors.toUnmodifiableSet());
    this.domains =
        hosts.stream()
            .map(PolitenessKey.REGISTERED_DOMAIN::ofHost)
            .collect(Collectors.toUnmodifiableSet());
    this.prefixes = seeds.stream().map(CrawlScope::prefixOf).toList();
  }

  /** The scope of a crawl with these (normalised) seeds. */
  public static CrawlScope of(Scope scope, List<String> seeds) {
    return new CrawlScope(scope, seeds);
  }

  /** Whether a normalised URL is in scope. */
  public boolean contains(String url) {
    return switch (scope) {
      case ANY -> true;
      case PREFIX -> prefixes.stream().anyMatch(url::startsWith);
      case HOST -> UrlNormalizer.hostOf(url).filter(hosts::contains).isPresent();
      case DOMAIN ->
          UrlNormalizer.hostOf(url)
              .map(PolitenessKey.REGISTERED_DOMAIN::ofHost)
              .filter(domains::contains)
              .isPresent();
    };
  }

  /**
   * A seed up to and including the last slash of its path, without query: {@code
   * http://a.test/docs/intro.html?x=1} scopes {@code http://a.test/docs/}.
   */
  static String prefixOf(String seed) {
    int query = seed.indexOf('?');
    String withoutQuery = query < 0 ? seed : seed.substring(0, query);
    int authorityEnd = withoutQuery.indexOf('/', withoutQuery.indexOf("//") + 2);
    if (authorityEnd < 0) {
      return withoutQuery + "/";
    }
    return withoutQuery.substring(0, withoutQuery.lastIndexOf('/') + 1);
  }
}
