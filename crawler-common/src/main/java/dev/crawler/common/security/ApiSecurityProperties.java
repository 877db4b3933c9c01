package dev.crawler.common.security;

import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the services' HTTP APIs, {@code crawler.security.*}: one class for the frontier and
 * the indexer, so that the standalone application, which runs both, binds it once.
 *
 * @param mode how callers authenticate (default {@link Mode#API_KEY})
 * @param apiKeys the keys accepted in {@link Mode#API_KEY} mode ({@code crawler.security.api-keys},
 *     usually from the environment variable {@code CRAWLER_SECURITY_APIKEYS}, comma-separated);
 *     each at least {@value #MIN_KEY_LENGTH} characters
 * @param searchRequiresAuth whether the search API needs the same authentication as the control API
 *     (default false: search is readable anonymously)
 */
@ConfigurationProperties("crawler.security")
public record ApiSecurityProperties(
    @DefaultValue("API_KEY") Mode mode,
    List<String> apiKeys,
    @DefaultValue("false") boolean searchRequiresAuth) {

  /** The shortest key accepted: a short key can be guessed by trying, whatever the comparison. */
  public static final int MIN_KEY_LENGTH = 16;

  static final String API_KEYS = "crawler.security.api-keys";

  public ApiSecurityProperties {
    if (mode == null) {
      throw new IllegalArgumentException("crawler.security.mode must be api-key, oauth2 or none");
    }
    apiKeys =
        apiKeys == null
            ? List.of()
            : apiKeys.stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(key -> !key.isEmpty())
                .toList();
    for (int i = 0; i < apiKeys.size(); i++) {
      if (apiKeys.get(i).length() < MIN_KEY_LENGTH) {
        throw new IllegalArgumentException(
            API_KEYS
                + "["
                + i
                + "] must be at least "
                + MIN_KEY_LENGTH
                + " characters (generate one with: openssl rand -hex 32)");
      }
    }
  }

  /** How callers of a protected API authenticate. */
  public enum Mode {
    /** A shared secret in the {@code X-API-Key} header or as {@code Authorization: Bearer}. */
    API_KEY,
    /**
     * An OAuth2 access token (a JWT) as {@code Authorization: Bearer}, checked against the issuer
     * configured under {@code spring.security.oauth2.resourceserver.jwt.*}.
     */
    OAUTH2,
    /** No authentication: every API is open. Only for a machine nobody else can reach. */
    NONE
  }
}
