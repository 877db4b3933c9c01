package dev.crawler.frontier.scope;

import dev.crawler.frontier.FrontierProperties.Traps;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses URLs whose shape betrays a crawler trap: an endless space of generated URLs that would
 * eat a crawl's budget (session loops, relative-link recursion, calendars, faceted search). The
 * rules look only at the URL, so they hold for every crawl alike.
 */
public final class TrapGuard {

  private final Traps traps;

  public TrapGuard(Traps traps) {
    this.traps = traps;
  }

  /** The trap a normalised URL falls into, or empty if it looks like an ordinary page. */
  public Optional<Refusal> check(String url) {
    if (url.length() > traps.maxUrlLength()) {
      return Optional.of(Refusal.TRAP_LONG_URL);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of(Refusal.INVALID_URL);
    }
    Optional<Refusal> pathTrap = checkPath(uri.getRawPath());
    if (pathTrap.isPresent()) {
      return pathTrap;
    }
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty() && parameterCount(query) > traps.maxQueryParameters()) {
      return Optional.of(Refusal.TRAP_QUERY_EXPLOSION);
    }
    return Optional.empty();
  }

  private Optional<Refusal> checkPath(String path) {
    if (path == null || path.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Integer> occurrences = new HashMap<>();
    int segments = 0;
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      segments++;
      if (segments > traps.maxPathSegments()) {
        return Optional.of(Refusal.TRAP_DEEP_PATH);
      }
      if (occurrences.merge(segment, 1, Integer::sum) > traps.maxRepeatedPathSegments()) {
        return Optional.of(Refusal.TRAP_REPEATED_SEGMENT);
      }
    }
    return Optional.empty();
  }

  private static int parameterCount(String query) {
    int count = 1;
    for (int i = 0; i < query.length(); i++) {
      if (query.charAt(i) == '&') {
        count++;
      }
    }
    return count;
  }
}
