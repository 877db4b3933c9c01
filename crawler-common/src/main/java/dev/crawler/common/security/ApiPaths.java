package dev.crawler.common.security;

import java.util.List;

/**
 * Paths of a service's HTTP API and who may call them. A service declares its APIs as beans of this
 * type; {@link ApiSecurityConfiguration} protects them. Every other path (actuator probes and
 * metrics, the OpenAPI document, static pages) stays open.
 *
 * @param access who may call them
 * @param patterns path patterns, such as {@code /api/crawls/**}
 */
public record ApiPaths(Access access, List<String> patterns) {

  public ApiPaths {
    if (access == null || patterns == null || patterns.isEmpty()) {
      throw new IllegalArgumentException("an API needs an access and at least one path pattern");
    }
    patterns = List.copyOf(patterns);
  }

  /** An API that changes or reveals what is crawled: authenticated unless the mode is none. */
  public static ApiPaths control(String... patterns) {
    return new ApiPaths(Access.CONTROL, List.of(patterns));
  }

  /** A read-only API over the index: anonymous unless {@code search-requires-auth} is set. */
  public static ApiPaths search(String... patterns) {
    return new ApiPaths(Access.SEARCH, List.of(patterns));
  }

  /** Who may call an API. */
  public enum Access {
    CONTROL,
    SEARCH
  }

  boolean requiresAuthentication(ApiSecurityProperties settings) {
    return settings.mode() != ApiSecurityProperties.Mode.NONE
        && (access == Access.CONTROL || settings.searchRequiresAuth());
  }
}
