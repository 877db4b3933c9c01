package dev.crawler.common.security;

import dev.crawler.common.security.ApiSecurityProperties.Mode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that needs authentication and lacks it with 401, a {@code WWW-Authenticate}
 * challenge (RFC 9110 section 11.6.1) and a problem detail saying what is missing or wrong.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

  /** API keys are accepted as bearer tokens too, so one challenge fits both modes. */
  private static final String API_KEY_CHALLENGE = "Bearer realm=\"crawler\"";

  private final Mode mode;

  /** Writes the RFC 6750 challenge of OAuth2 mode, with the token error if there was one. */
  private final BearerTokenAuthenticationEntryPoint bearerChallenge =
      new BearerTokenAuthenticationEntryPoint();

  ProblemAuthenticationEntryPoint(Mode mode) {
    this.mode = mode;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    String detail;
    if (mode == Mode.OAUTH2) {
      bearerChallenge.commence(request, response, failure);
      detail =
          failure instanceof OAuth2AuthenticationException invalid
              ? "the access token is not valid: " + reason(invalid)
              : "this API needs an OAuth2 access token as Authorization: Bearer";
    } else {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, API_KEY_CHALLENGE);
      detail =
          request.getAttribute(ApiKeyAuthenticationFilter.KEY_REJECTED) != null
              ? "the API key is not valid"
              : "this API needs an API key in the "
                  + ApiKeyAuthenticationFilter.HEADER
                  + " header (or as Authorization: Bearer)";
    }
    SecurityProblems.write(
        request,
        response,
        HttpStatus.UNAUTHORIZED,
        SecurityProblems.UNAUTHENTICATED,
        "Authentication required",
        detail);
  }

  private static String reason(OAuth2AuthenticationException invalid) {
    String description = invalid.getError().getDescription();
    return description == null ? invalid.getError().getErrorCode() : description;
  }
}
